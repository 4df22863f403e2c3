namespace MixOpt.Grains;

/// <summary>
/// A study's recommendation as its grain answers it: the observations it was made from, whether it is the study's
/// final one, and the recommendation document as JSON (null when the strategy cannot recommend yet). The study
/// exists: <see cref="Found"/> false when the ledger has no such study.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StudyRecommendation(
    [property: Id(0)] bool Found,
    [property: Id(1)] int Observations,
    [property: Id(2)] bool Final,
    [property: Id(3)] string? DocumentJson);

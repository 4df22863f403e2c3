using MixOpt.Core.Studies;

namespace MixOpt.Web.Api;

/// <summary>
/// The recommended mixture at the target fidelity with its predicted value and standard deviation. <see cref="Final"/>:
/// the study completed and this is its closing word; otherwise it was computed now from <see cref="Observations"/> runs.
/// </summary>
public sealed record RecommendationView(
    Guid StudyId, bool Final, int Observations, IReadOnlyDictionary<string, double> Mixture, double Predicted, double StdDev,
    string Basis, IReadOnlyList<SurrogateScoreDocument>? Surrogates);

/// <summary>One succeeded run in the order results came in: cumulative cost spent, its objective, and the best so far.</summary>
public sealed record ProgressPoint(int Index, Guid RunId, int Ordinal, double Fidelity, double CumulativeCost, double Objective, double BestSoFar);

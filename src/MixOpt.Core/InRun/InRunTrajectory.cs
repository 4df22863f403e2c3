namespace MixOpt.Core.InRun;

/// <summary>
/// What a run trained under an in-run method leaves behind: the method, its rounds (proportions and per-domain
/// validation losses), the mixture its trajectory recommends, and a note when the method could not act (an external
/// trainer that never reported intermediate losses trained on its starting proportions throughout).
/// </summary>
public sealed record InRunTrajectory(string Method, IReadOnlyList<InRunRound> Rounds, IReadOnlyList<double> Recommended, string? Note = null);

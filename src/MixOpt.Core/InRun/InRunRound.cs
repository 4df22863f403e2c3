namespace MixOpt.Core.InRun;

/// <summary>
/// One round of an in-run method's trajectory: the proportions it trained the round on (after its probes), the
/// step the round ended at, and the per-domain validation losses measured there.
/// </summary>
public sealed record InRunRound(int Round, int Step, IReadOnlyList<double> Proportions, IReadOnlyList<double> Losses);

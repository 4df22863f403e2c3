namespace MixOpt.Core.InRun;

/// <summary>
/// One measured Aioli probe: the round and sweep it belongs to, the domain it up-weighted, the proportions it
/// trained on and the per-domain validation-loss change it caused (after − before).
/// </summary>
public sealed record AioliProbe(int Round, int Sweep, int Domain, IReadOnlyList<double> Proportions, IReadOnlyList<double> Changes);

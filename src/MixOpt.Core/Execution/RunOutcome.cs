using MixOpt.Core.InRun;

namespace MixOpt.Core.Execution;

/// <summary>What an executor reports for a finished run: its metrics, its cost (relative units) and its loss curve.</summary>
public sealed record RunOutcome(IReadOnlyDictionary<string, double> Metrics, double Cost, double Seconds, IReadOnlyList<double> LossCurve)
{
    /// <summary>The proportion trajectory of a run trained under an in-run method (Aioli); null for a fixed mixture.</summary>
    public InRunTrajectory? InRun { get; init; }
}

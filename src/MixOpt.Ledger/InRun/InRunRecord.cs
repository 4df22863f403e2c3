using MixOpt.Core.InRun;

namespace MixOpt.Ledger.InRun;

/// <summary>One run's recorded in-run trajectory, with the run's id and ordinal in its study.</summary>
public sealed record InRunRecord(Guid RunId, int Ordinal, InRunTrajectory Trajectory);

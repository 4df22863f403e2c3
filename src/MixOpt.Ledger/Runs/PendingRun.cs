using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Runs;

/// <summary>A run not yet finished, as the scheduler rebuilds its queue from it: where it stands and who holds it.</summary>
public sealed record PendingRun(Guid StudyId, Guid RunId, int Ordinal, RunState State, string? Worker);

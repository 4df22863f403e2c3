namespace MixOpt.Ledger.Runs;

/// <summary>The outcome of cancelling one run: its study, and whether this call cancelled it (false: it had already finished).</summary>
public sealed record CancelledRun(Guid StudyId, Guid RunId, bool Cancelled);

namespace MixOpt.Ledger.Runs;

/// <summary>An attempt whose lease ran out, and what became of its run.</summary>
public sealed record ExpiredLease(Guid StudyId, Guid RunId, int Attempt, string Worker, AttemptEnd Run);

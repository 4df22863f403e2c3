namespace MixOpt.Ledger.Runs;

/// <summary>
/// The right to execute one attempt of a run until <see cref="ExpiresAt"/>: whoever holds the token may heartbeat,
/// report the result or give the attempt up. A newer attempt of the same run makes this token worthless.
/// </summary>
public sealed record RunLease(Guid StudyId, Guid RunId, int Attempt, Guid Token, string Worker, DateTimeOffset ExpiresAt);

using MixOpt.Core.Execution;
using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Runs;

/// <summary>A study's status as the lease statement saw it, and the run it leased (null: none queued, or the study is not leasing).</summary>
public sealed record StudyLeaseAnswer(StudyStatus Status, LeasedRun? Run);

/// <summary>The columns of a run that decide whether a result may be recorded under a lease.</summary>
public sealed record RunLeaseState(
    Guid RunId, Guid StudyId, int Ordinal, double[] Mixture, double Fidelity, RunState State, int Attempts, Guid? LeaseToken, DateTimeOffset? LeaseExpiresAt)
{
    /// <summary>True when <paramref name="token"/> is the run's current lease and has not expired at <paramref name="now"/>.</summary>
    public bool IsLive(Guid token, DateTimeOffset now) => State.IsPending() && LeaseToken == token && LeaseExpiresAt >= now;
}

/// <summary>An answer stored under an idempotency key: the request it answered (its hash) and the answer.</summary>
public sealed record StoredAnswer(byte[] RequestHash, int StatusCode, string Response);

/// <summary>The answer to store under an idempotency key along with a result.</summary>
public sealed record IdempotentAnswer(string ApiKeyId, string IdempotencyKey, byte[] RequestHash, string Response);

/// <summary>
/// A result reported under a lease. <see cref="ReportHash"/> identifies the report (a hash of the request body, or of
/// the worker's outcome): a second report with the same hash is a retry, one with another hash a conflict.
/// <see cref="Answer"/> is stored with the result in the same statement; it was written for <see cref="RecordedAt"/>
/// (default: now), which the result then carries.
/// </summary>
public sealed record ReportedResult(
    Guid StudyId, Guid RunId, Guid LeaseToken, double Objective, RunOutcome Outcome, string? ArtifactUri, byte[] ReportHash,
    IdempotentAnswer? Answer = null, DateTimeOffset? RecordedAt = null);

/// <summary>The result a run has in the ledger.</summary>
public sealed record RecordedResult(int Attempt, double Objective, double Cost, double Seconds, string? ArtifactUri, DateTimeOffset RecordedAt);

/// <summary>
/// What became of a report: <see cref="Recording"/>, the run's recorded result (this report's when
/// <see cref="ResultRecording.Recorded"/>; the earlier one for a retry or a conflict), whether the idempotent answer was
/// stored with it, and for a refusal or conflict a sentence saying why.
/// </summary>
public sealed record ResultDecision(ResultRecording Recording, RecordedResult? Result, bool AnswerStored, string? Why);

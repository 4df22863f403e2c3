using MixOpt.Core.Studies;

namespace MixOpt.Ledger.AskTell;

/// <summary>A study's status as the lease statement saw it, and the run it leased (null: none queued, or the study is not leasing).</summary>
public sealed record StudyLeaseAnswer(StudyStatus Status, Leases.LeasedRun? Run);

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

/// <summary>A result to record under a lease believed live; <see cref="Answer"/> is stored with it in the same statement.</summary>
public sealed record LiveResult(
    Guid StudyId, Guid RunId, Guid LeaseToken, DateTimeOffset RecordedAt, double Objective, double Cost, double Seconds,
    string? ArtifactUri, IReadOnlyDictionary<string, double> Metrics, IdempotentAnswer? Answer);

/// <summary>What the result statement did: the attempt it recorded (null: nothing was written), and whether it stored the answer.</summary>
public sealed record ResultWrite(int? RecordedAttempt, bool AnswerStored);

using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Runs;

namespace MixOpt.Grains.AskTell;

// The answers of AskTellService are its own records, not the ledger's: the web layer translates them into HTTP
// without knowing the ledger's stores or rows.

/// <summary>A leased run: what to train, and the lease (token, expiry) to heartbeat and report under.</summary>
public sealed record LeaseGrant(Guid RunId, int Ordinal, int Attempt, double[] Mixture, double Fidelity, Guid Token, DateTimeOffset ExpiresAt);

/// <summary>The study's status when a lease was asked for, and the run leased (null: none is ready now).</summary>
public sealed record LeaseOutcome(StudyStatus Status, LeaseGrant? Run);

/// <summary>What became of a lease operation (heartbeat, failure report).</summary>
public enum LeaseVerdict { Done, RunNotFound, Refused }

/// <summary>
/// A lease operation's verdict, the new expiry of a heartbeat, for a refusal why, and for a failure report whether
/// the run failed for good (used all its attempts) rather than going back to the queue.
/// </summary>
public sealed record LeaseAnswer(LeaseVerdict Verdict, DateTimeOffset? ExpiresAt, string? Why, bool RunFailed = false);

/// <summary>What became of a result report.</summary>
public enum ReportVerdict
{
    /// <summary>The report may be checked and recorded (first step only).</summary>
    Ready,
    /// <summary>The answer stored under the idempotency key for this very request is the answer.</summary>
    Replayed,
    /// <summary>The idempotency key was used for another request (422).</summary>
    KeyReused,
    StudyNotFound,
    RunNotFound,
    /// <summary>This report is the run's result (or a byte-identical retry of it): the answer is its view.</summary>
    Recorded,
    /// <summary>The run's result is another report (409, naming it).</summary>
    Conflict,
    /// <summary>The lease is not the run's current, live one (409, saying why).</summary>
    Refused,
}

/// <summary>An answer stored under an idempotency key: replayed as it was sent.</summary>
public sealed record StoredReply(int StatusCode, string Response);

/// <summary>
/// The first step of a report: the verdict, and when it is <see cref="ReportVerdict.Ready"/> the study's spec and the
/// run's fidelity to check the report against; for <see cref="ReportVerdict.Replayed"/> the stored answer.
/// </summary>
public sealed record ReportStart(ReportVerdict Verdict, StudySpec? Spec, double Fidelity, StoredReply? Earlier)
{
    /// <summary>The run's lease state as the first step read it: the second step records against it.</summary>
    internal RunLeaseState? Run { get; init; }
}

/// <summary>
/// A checked result report: the first step that read its run, the lease it came under, its objective and outcome, and
/// who sent it (the API key, the idempotency key, and the hash of the request that identifies the report).
/// </summary>
public sealed record ResultReport(
    ReportStart Start, Guid LeaseToken, double Objective, RunOutcome Outcome, string ApiKeyId, string? IdempotencyKey, byte[] RequestHash);

/// <summary>A run's recorded result as its answer shows it (this report's, or the earlier one a retry gets).</summary>
public sealed record RecordedReport(int Attempt, double Objective, double Cost, DateTimeOffset RecordedAt, string? ArtifactUri);

/// <summary>The verdict of a report with the JSON answer to send (recorded) or why it was not recorded (conflict, refused).</summary>
public sealed record ReportAnswer(ReportVerdict Verdict, string? Answer, string? Why);

/// <summary>A study as runs recorded from outside (warm start, import) are checked against it: its spec and status.</summary>
public sealed record ObservedTarget(StudySpec Spec, StudyStatus Status);

using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Runs;

namespace MixOpt.Grains.AskTell;

/// <summary>What became of a lease operation (heartbeat, failure report).</summary>
public enum LeaseVerdict { Done, RunNotFound, Refused }

/// <summary>A lease operation's verdict, the new expiry of a heartbeat, and for a refusal why.</summary>
public sealed record LeaseAnswer(LeaseVerdict Verdict, DateTimeOffset? ExpiresAt, string? Why);

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

/// <summary>The first step of a report: the verdict, and when it is <see cref="ReportVerdict.Ready"/> the spec and run to check against.</summary>
public sealed record ReportStart(ReportVerdict Verdict, StudySpec? Spec, RunLeaseState? Run, StoredAnswer? Earlier);

/// <summary>
/// A checked result report: the run as the first step read it, the lease it came under, its objective and outcome, and
/// who sent it (the API key, the idempotency key, and the hash of the request that identifies the report).
/// </summary>
public sealed record ResultReport(
    RunLeaseState Run, Guid LeaseToken, double Objective, RunOutcome Outcome, string ApiKeyId, string? IdempotencyKey, byte[] RequestHash);

/// <summary>The verdict of a report with the JSON answer to send (recorded) or why it was not recorded (conflict, refused).</summary>
public sealed record ReportAnswer(ReportVerdict Verdict, string? Answer, string? Why);

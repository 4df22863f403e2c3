namespace MixOpt.Web.Application;

// What ExternalInRunRounds answers: its own records, so the web layer translates them into HTTP without knowing the
// ledger's stores or rows.

/// <summary>One intermediate report of an external trainer, as the endpoint read it (shape checked; domains not yet).</summary>
public sealed record InRunRoundPost(
    Guid LeaseToken, int Step, long? TokensSeen, int TotalSteps, IReadOnlyDictionary<string, double> Losses,
    IReadOnlyDictionary<string, double>? Proportions);

/// <summary>
/// The in-run method's answer to a report: train the next <see cref="Steps"/> steps (until step <see cref="UntilStep"/>)
/// on <see cref="Proportions"/>, then post the next report; <see cref="KeepGoing"/> false means the method has planned
/// every step and the trainer should report its result. <see cref="RoundsRecorded"/> counts the finished rounds stored.
/// </summary>
public sealed record InRunRoundView(
    Guid RunId, int Round, string Phase, IReadOnlyDictionary<string, double> Proportions, int Steps, int UntilStep,
    bool KeepGoing, int RoundsRecorded);

/// <summary>What became of a posted report.</summary>
public enum InRunRoundVerdict
{
    /// <summary>Stored; the answer is the next segment.</summary>
    Accepted,
    /// <summary>A retry of the last accepted report (same step, same losses): the answer it got, nothing advanced.</summary>
    Replayed,
    StudyNotFound,
    RunNotFound,
    /// <summary>The study has no in-run method for external trainers (409).</summary>
    NotInRun,
    /// <summary>The lease is not the run's current, live one (409, saying why), as for a heartbeat.</summary>
    Refused,
    /// <summary>Another report at the same step, or one before the last (409).</summary>
    Conflict,
    /// <summary>The report does not fit the study (400 with the fields).</summary>
    Invalid,
}

/// <summary>A verdict with its answer (accepted, replayed), why (refused, conflict) or the fields at fault (invalid).</summary>
public sealed record InRunRoundAnswer(
    InRunRoundVerdict Verdict, InRunRoundView? Answer = null, string? Why = null, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>One recorded round of a run's trajectory, by domain name.</summary>
public sealed record InRunRoundRecordView(int Round, int Step, IReadOnlyDictionary<string, double> Proportions, IReadOnlyDictionary<string, double> Losses);

/// <summary>
/// A run's in-run record: the method, its rounds, the mixture the trajectory recommends and, when the method could
/// not act (an external trainer that never posted a round), the note saying so.
/// </summary>
public sealed record InRunTrajectoryView(
    Guid RunId, string Method, IReadOnlyList<InRunRoundRecordView> Rounds, IReadOnlyDictionary<string, double> Recommended, string? Note);

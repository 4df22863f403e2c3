namespace MixOpt.Ledger.Runs;

/// <summary>What happened to a reported result.</summary>
public enum ResultRecording
{
    /// <summary>This report is the run's result.</summary>
    Recorded,

    /// <summary>The same attempt had already recorded this very report (a retry: same report hash); nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>The run already has a result and this report is not it (another body, or another attempt's): nothing changed.</summary>
    Conflict,

    /// <summary>The lease is not the run's current one, or it expired, or the run was cancelled: nothing was written.</summary>
    Refused,
}

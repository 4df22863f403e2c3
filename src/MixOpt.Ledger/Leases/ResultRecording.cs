namespace MixOpt.Ledger.Leases;

/// <summary>What happened to a reported result.</summary>
public enum ResultRecording
{
    /// <summary>This report is the run's result.</summary>
    Recorded,

    /// <summary>The same attempt had already recorded its result (a retried report); nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>The lease is not the run's current one, or it expired, or the run was cancelled: nothing was written.</summary>
    Refused,
}

namespace MixOpt.Ledger.Runs;

/// <summary>Where a run stands after one of its attempts ended without a result.</summary>
public enum AttemptEnd
{
    /// <summary>The run is queued again for a new attempt.</summary>
    Requeued,

    /// <summary>The run used all its attempts and failed; its error lists every attempt's reason.</summary>
    RunFailed,

    /// <summary>The lease was not the run's current one (or the run had finished): nothing changed.</summary>
    Stale,
}

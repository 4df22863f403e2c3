namespace MixOpt.Grains.Scheduling;

/// <summary>Configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>How many runs execute at once on this silo (its CPU slots); a worker with GPUs has one slot per GPU instead.</summary>
    public int Slots { get; set; } = 4;

    /// <summary>How often active studies are poked to resume from the ledger (covers a lost queue).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an attempt's lease lasts without a heartbeat; after that the run is re-queued as a new attempt.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker extends the lease of the run it executes (well under <see cref="LeaseDuration"/>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts a run gets (failures and expired leases both count) before it fails with every attempt's reason.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the scheduler re-reads cluster membership (drops dead silos' slots) and sweeps expired leases.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a silo that refused a run is left out of dispatch (it may be dying before it is declared dead).</summary>
    public TimeSpan RefusalBackoff { get; set; } = TimeSpan.FromSeconds(5);
}

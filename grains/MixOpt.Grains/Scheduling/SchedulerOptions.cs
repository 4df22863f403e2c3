namespace MixOpt.Grains.Scheduling;

/// <summary>Configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>How many runs execute at once on this host (worker slots).</summary>
    public int Slots { get; set; } = 4;

    /// <summary>How often active studies are poked to resume from the ledger (covers a lost queue).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an attempt's lease lasts without a heartbeat; after that the run is re-queued as a new attempt.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker extends the lease of the run it executes (well under <see cref="LeaseDuration"/>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts a run gets (failures and expired leases both count) before it fails with every attempt's reason.</summary>
    public int MaxAttempts { get; set; } = 3;
}

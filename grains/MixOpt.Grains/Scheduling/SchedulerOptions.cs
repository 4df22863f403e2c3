namespace MixOpt.Grains.Scheduling;

/// <summary>Configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>How many runs execute at once on this host (worker slots).</summary>
    public int Slots { get; set; } = 4;

    /// <summary>How often active studies are poked to resume from the ledger (covers a lost queue).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

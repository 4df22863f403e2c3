using Microsoft.Extensions.Options;

namespace MixOpt.Grains.Scheduling;

/// <summary>
/// Checks <see cref="SchedulerOptions"/> when the host starts, so a bad value stops it with the key's name instead of
/// surfacing later as runs that never lease, leases that expire between heartbeats, or a sweep that spins.
/// </summary>
public sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    private const string S = SchedulerOptions.Section;

    public ValidateOptionsResult Validate(string? name, SchedulerOptions o)
    {
        List<string> errors = [];
        if (o.Slots is < 0 or > 1024) errors.Add($"{S}:Slots is {o.Slots}; it must be between 0 and 1024.");
        if (o.MaxAttempts is < 1 or > 100) errors.Add($"{S}:MaxAttempts is {o.MaxAttempts}; it must be between 1 and 100.");
        Positive(errors, "ResumeInterval", o.ResumeInterval);
        Positive(errors, "LeaseDuration", o.LeaseDuration);
        Positive(errors, "HeartbeatInterval", o.HeartbeatInterval);
        Positive(errors, "SweepInterval", o.SweepInterval);
        if (o.RefusalBackoff < TimeSpan.Zero) errors.Add($"{S}:RefusalBackoff is {o.RefusalBackoff}; it must not be negative.");
        if (o.HeartbeatInterval > TimeSpan.Zero && o.HeartbeatInterval >= o.LeaseDuration)
            errors.Add($"{S}:HeartbeatInterval ({o.HeartbeatInterval}) must be shorter than {S}:LeaseDuration ({o.LeaseDuration}), or every lease expires before its worker renews it.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) errors.Add($"{S}:{key} is {value}; it must be longer than zero.");
    }
}

using MixOpt.Core.Campaigns;
using Microsoft.Extensions.Options;

namespace MixOpt.Grains.Campaigns;

/// <summary>How campaign grains keep time (section <c>Campaigns</c>).</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>How often a firing's running study is checked for its end.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The durable reminder's period: an idle campaign is woken this often (Orleans' minimum is one minute).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often every active campaign is woken from the ledger (after a restart at once, then this often).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class CampaignOptionsValidator : IValidateOptions<CampaignOptions>
{
    public ValidateOptionsResult Validate(string? name, CampaignOptions o)
    {
        var errors = new List<string>();
        if (o.PollInterval <= TimeSpan.Zero || o.PollInterval > TimeSpan.FromHours(1)) errors.Add($"Campaigns:PollInterval ({o.PollInterval}) must be between 0 and 1 hour.");
        if (o.ReminderPeriod < TimeSpan.FromMinutes(1)) errors.Add($"Campaigns:ReminderPeriod ({o.ReminderPeriod}) must be at least 1 minute, Orleans' shortest reminder.");
        if (o.ResumeInterval <= TimeSpan.Zero) errors.Add($"Campaigns:ResumeInterval ({o.ResumeInterval}) must be positive.");
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}

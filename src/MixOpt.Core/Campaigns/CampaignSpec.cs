using MixOpt.Core.Studies;

namespace MixOpt.Core.Campaigns;

/// <summary>
/// A scheduled sweep campaign as the REST API takes it (JSON or YAML, camelCase, unknown members are errors): when it
/// fires, what each firing does and how firings that collide or were missed are handled. Stored validated (jsonb).
/// </summary>
public sealed record CampaignSpec
{
    public string Name { get; init; } = "";
    public ScheduleSpec Schedule { get; init; } = new();
    public CampaignActionSpec Action { get; init; } = new();
    public CampaignPoliciesSpec Policies { get; init; } = new();
    /// <summary>The study each firing creates (new study, re-mix); the same schema and checks as POST /api/studies.</summary>
    public StudySpec? Template { get; init; }
}

/// <summary>When a campaign fires: a cron expression (5 fields, or 6 with seconds first), an IANA time zone, bounds.</summary>
public sealed record ScheduleSpec
{
    public string Cron { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public int? MaxFirings { get; init; }
}

public static class CampaignActions
{
    /// <summary>A new study from the template, warm-started with the finished runs of the campaign's earlier studies.</summary>
    public const string NewStudy = "newStudy";
    /// <summary>Adds runs and/or cost to one existing, unfinished study.</summary>
    public const string Extend = "extend";
    /// <summary>Re-reads the corpus manifests and re-optimizes only the domains that changed (plus the rest as one frozen block).</summary>
    public const string Remix = "remix";

    public static readonly IReadOnlyList<string> All = [NewStudy, Extend, Remix];
}

public sealed record CampaignActionSpec
{
    public string Kind { get; init; } = CampaignActions.NewStudy;
    /// <summary>extend: the study to extend.</summary>
    public Guid? StudyId { get; init; }
    /// <summary>extend: runs added per firing.</summary>
    public int? Runs { get; init; }
    /// <summary>extend: cost units added per firing.</summary>
    public double? Cost { get; init; }
    /// <summary>remix: the shard folder <c>mixopt corpus prepare --out</c> wrote (ROOT/&lt;domain&gt;/manifest.json).</summary>
    public string? Shards { get; init; }
    /// <summary>remix: a domain whose token count moved by more than this share counts as changed.</summary>
    public double? Threshold { get; init; }

    public const double DefaultThreshold = 0.05;
    public double ThresholdOrDefault => Threshold ?? DefaultThreshold;
}

public static class OverlapPolicies
{
    /// <summary>An instant that comes while the previous firing's study still runs is recorded as skipped.</summary>
    public const string Skip = "skip";
    /// <summary>One such instant waits and fires when the running study finishes; further ones are skipped.</summary>
    public const string BufferOne = "bufferOne";
    /// <summary>The running study is cancelled and the new instant fires.</summary>
    public const string Cancel = "cancel";
    /// <summary>Studies of several firings run side by side.</summary>
    public const string Allow = "allow";

    public static readonly IReadOnlyList<string> All = [Skip, BufferOne, Cancel, Allow];
}

public sealed record CampaignPoliciesSpec
{
    public string Overlap { get; init; } = OverlapPolicies.Skip;
    /// <summary>An instant missed while the service was down fires late when it is at most this old, else it is recorded as missed.</summary>
    public int CatchUpSeconds { get; init; } = 60;
    /// <summary>The campaign pauses itself after this many failed firings in a row (0: never).</summary>
    public int PauseAfterFailures { get; init; } = 3;
}

using MixOpt.Core.Campaigns;
using System.Text.Json;

namespace MixOpt.Grains.Campaigns;

/// <summary>
/// What a firing decided before it acted, stored on the firing (jsonb) so a resumed firing does the same thing:
/// extend's target budget; re-mix's corpus snapshot and frozen block. The next re-mix diffs against <see cref="Tokens"/>.
/// </summary>
public sealed record FiringPlan
{
    /// <summary>extend: the run budget the study is set to (idempotent, unlike "+N").</summary>
    public int? RunsTo { get; init; }
    /// <summary>extend: the cost budget the study is set to.</summary>
    public double? CostTo { get; init; }

    /// <summary>remix: the corpus' token count per domain when the firing read it.</summary>
    public IReadOnlyDictionary<string, long>? Tokens { get; init; }
    /// <summary>remix: every current domain, in the order of the full mixture.</summary>
    public IReadOnlyList<string>? Domains { get; init; }
    /// <summary>remix: the domains searched one by one (changed, added); every domain on a campaign's first re-mix.</summary>
    public IReadOnlyList<string>? Searched { get; init; }
    /// <summary>remix: the unchanged domains' ratios inside the frozen block (empty when nothing is frozen).</summary>
    public IReadOnlyDictionary<string, double>? Block { get; init; }
    public string? BlockName { get; init; }
    public IReadOnlyList<string>? Removed { get; init; }
    /// <summary>remix: runs a full recomputation would make, and runs this one makes.</summary>
    public int? FullRuns { get; init; }
    public int? Runs { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FiringPlan? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<FiringPlan>(json, Json);
}

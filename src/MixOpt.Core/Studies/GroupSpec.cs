namespace MixOpt.Core.Studies;

/// <summary>
/// One group of a hierarchical mixture space (Olmix: source → topic → quality bucket; QuaDMix: domain → bucket).
/// A group holds either <see cref="Domains"/> (its leaves, e.g. <c>code/q1</c>…<c>code/q4</c>, lowest quality first)
/// or child <see cref="Groups"/>. The top-level groups of a study partition its domains: every domain lies in
/// exactly one leaf group.
/// </summary>
public sealed record GroupSpec
{
    public string Name { get; init; } = "";

    /// <summary>The study's domains in this group (a leaf group); for QuaDMix, lowest quality bucket first.</summary>
    public IReadOnlyList<string>? Domains { get; init; }

    /// <summary>Child groups (an inner group); give either this or <see cref="Domains"/>.</summary>
    public IReadOnlyList<GroupSpec>? Groups { get; init; }

    /// <summary>Smallest share of its parent this group may have (top level: of the whole mixture).</summary>
    public double? Min { get; init; }

    /// <summary>Largest share of its parent this group may have (top level: of the whole mixture).</summary>
    public double? Max { get; init; }

    /// <summary>Smallest share of this group a member (domain or child group, by name) may have.</summary>
    public IReadOnlyDictionary<string, double>? ShareMin { get; init; }

    /// <summary>Largest share of this group a member (domain or child group, by name) may have.</summary>
    public IReadOnlyDictionary<string, double>? ShareMax { get; init; }
}

/// <summary>How a hierarchical study weighs the buckets inside a leaf group.</summary>
public static class GroupWeightNames
{
    /// <summary>Every bucket's share within its group is free (a Dirichlet per level).</summary>
    public const string Free = "free";

    /// <summary>
    /// QuaDMix: per leaf group a quality threshold and a sampling sharpness decide the bucket shares
    /// (see <see cref="Mixtures.QuaDMixWeights"/>); fewer parameters than free bucket weights.
    /// </summary>
    public const string QuaDMix = "quadmix";

    public static readonly IReadOnlyList<string> All = [Free, QuaDMix];
}

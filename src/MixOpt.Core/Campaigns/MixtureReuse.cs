using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Campaigns;

/// <summary>
/// Mixture reuse after a corpus change (as Olmix does it): the unchanged domains keep their ratios to each other and
/// move together as one frozen block, so the search runs over the changed domains plus that block instead of every
/// domain. A reduced mixture (over <see cref="SearchDomains"/>) expands back to the whole corpus.
/// </summary>
public sealed record MixtureReuse(IReadOnlyList<string> Domains, IReadOnlyList<string> Searched, IReadOnlyDictionary<string, double> BlockRatios, string BlockName)
{
    /// <summary>The name the block goes by in the reduced search, unless a domain already has it.</summary>
    public const string DefaultBlockName = "frozen";

    /// <summary>The reduced search space: the searched domains, then the block when there is one.</summary>
    public IReadOnlyList<string> SearchDomains => BlockRatios.Count > 0 ? [.. Searched, BlockName] : Searched;

    /// <summary>
    /// The plan for a corpus whose current domains are <paramref name="domains"/>: the diff's searched domains are free,
    /// the unchanged ones form the block with their ratios in <paramref name="previous"/> (the last firing's mixture;
    /// equal ratios where it gave none of them weight).
    /// </summary>
    public static MixtureReuse Plan(IReadOnlyList<string> domains, CorpusDiff diff, IReadOnlyDictionary<string, double> previous)
    {
        var searched = domains.Where(diff.Searched.Contains).ToList();
        var block = domains.Where(d => !diff.Searched.Contains(d)).ToList();
        var weights = block.Select(d => previous.TryGetValue(d, out var w) && double.IsFinite(w) && w > 0 ? w : 0).ToArray();
        var total = weights.Sum();
        var ratios = block.Select((d, i) => (d, r: total > 0 ? weights[i] / total : 1.0 / block.Count)).ToDictionary(p => p.d, p => p.r);
        var name = DefaultBlockName;
        while (domains.Contains(name)) name = "_" + name;
        return new MixtureReuse(domains, searched, ratios, name);
    }

    /// <summary>A mixture over <see cref="SearchDomains"/> (in that order) as a mixture over every domain (in <see cref="Domains"/> order).</summary>
    public Mixture Expand(Mixture reduced)
    {
        if (reduced.Count != SearchDomains.Count) throw new ArgumentException($"A reduced mixture has {SearchDomains.Count} weights, got {reduced.Count}.");
        var weight = SearchDomains.Select((d, i) => (d, w: reduced.Weights[i])).ToDictionary(p => p.d, p => p.w);
        var block = BlockRatios.Count > 0 ? weight[BlockName] : 0;
        // Normalized, not just created: the block's ratios sum to one only up to rounding.
        return Mixture.Normalize(Domains.Select(d => BlockRatios.TryGetValue(d, out var r) ? block * r : weight[d]).ToArray());
    }

    /// <summary>The run budget of the reduced search: the full one scaled by the share of dimensions searched, at least two runs per dimension, at most the full one.</summary>
    public static int ReducedRuns(int fullRuns, int searchDimensions, int allDimensions)
    {
        if (fullRuns <= 0 || allDimensions <= 0) return fullRuns;
        var scaled = (int)Math.Ceiling(fullRuns * (double)searchDimensions / allDimensions);
        return Math.Min(fullRuns, Math.Max(2 * searchDimensions, scaled));
    }
}

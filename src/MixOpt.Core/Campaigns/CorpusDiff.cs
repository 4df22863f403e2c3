namespace MixOpt.Core.Campaigns;

/// <summary>
/// How a corpus changed between two firings, by domain token counts: added, removed, changed (token count moved by
/// more than <c>threshold</c> of the old count) and unchanged. Names are kept in ordinal order so a diff is stable.
/// </summary>
public sealed record CorpusDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, IReadOnlyList<string> Unchanged)
{
    public bool Any => Added.Count + Removed.Count + Changed.Count > 0;

    /// <summary>Domains the re-mix searches one by one: the changed and the new ones.</summary>
    public IReadOnlyList<string> Searched => [.. Changed, .. Added];

    public static CorpusDiff Compute(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, double threshold)
    {
        if (!(threshold >= 0) || !double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite share >= 0.");
        var added = after.Keys.Where(d => !before.ContainsKey(d)).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Where(d => !after.ContainsKey(d)).Order(StringComparer.Ordinal).ToList();
        var changed = new List<string>();
        var unchanged = new List<string>();
        foreach (var d in after.Keys.Where(before.ContainsKey).Order(StringComparer.Ordinal))
        {
            var (old, now) = (before[d], after[d]);
            var moved = old == 0 ? (now == 0 ? 0 : double.PositiveInfinity) : Math.Abs(now - old) / (double)old;
            (moved > threshold ? changed : unchanged).Add(d);
        }
        return new CorpusDiff(added, removed, changed, unchanged);
    }
}

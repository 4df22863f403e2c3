using System.Globalization;

namespace MixOpt.Web.Application;

/// <summary>
/// How much of a big study each plot draws. Below the caps a plot shows every run (what the dashboard tests count);
/// above, a deterministic sample in run order, so a 10,000-run page sends and draws a few hundred points per plot, not
/// 10,000, and the same study always shows the same sample. Each plot states "showing N of M" in its title when it
/// samples, and what it kept.
/// </summary>
public static class ChartSampling
{
    /// <summary>
    /// Points of one scatter plot (objective per run, ternary, transfer). 500 still shows the cloud's shape and its
    /// best edge; 2,000 SVG markers per plot cost a GPU-less browser about 0.2 s each to draw (issue 18's profile).
    /// </summary>
    public const int MaxPoints = 500;

    /// <summary>Of a sampled scatter plot's points, how many are the best runs, kept whatever the sample draws.</summary>
    public const int BestKept = MaxPoints / 10;

    /// <summary>Bars of the stacked mixture plot (one SVG rect per bar and domain: the dearest plot per run).</summary>
    public const int MaxBars = 150;

    /// <summary>Of the mixture plot's bars, how many are the best runs; the rest are spread over the objective order.</summary>
    public const int BestBars = 50;

    /// <summary>What a sampled scatter plot says it kept (a second line of its title).</summary>
    public const string SampleRule = "the best runs, each rung's best, a seeded sample of the rest";

    /// <summary>Lines of the parallel-coordinates plot (each line crosses every axis: dearer than a point).</summary>
    public const int MaxLines = 1_000;

    /// <summary>
    /// <paramref name="items"/> when there are at most <paramref name="max"/>; else <paramref name="max"/> of them drawn
    /// with <paramref name="seed"/>, always including <paramref name="keep"/> (the best run), in their original order.
    /// </summary>
    public static IReadOnlyList<T> Sample<T>(IReadOnlyList<T> items, int max, int seed, T? keep = default)
    {
        if (items.Count <= max) return items;
        var random = new Random(seed);
        var chosen = new HashSet<int>();
        var kept = keep is null ? -1 : IndexOf(items, keep);
        if (kept >= 0) chosen.Add(kept);
        // Floyd's method: max distinct indices with max draws, whatever the count.
        for (var j = items.Count - max; chosen.Count < max && j < items.Count; j++)
        {
            var t = random.Next(j + 1);
            if (!chosen.Add(t)) chosen.Add(j);
        }
        return chosen.Order().Take(max).Select(i => items[i]).ToList();
    }

    /// <summary>
    /// <paramref name="items"/> when there are at most <paramref name="max"/>; else <paramref name="max"/> of them, in
    /// their original order: the <paramref name="best"/> best by <paramref name="objective"/>, the best of every
    /// <paramref name="stratum"/> (a rung with few runs stays visible), and a sample drawn with <paramref name="seed"/>
    /// from the rest.
    /// </summary>
    public static IReadOnlyList<T> KeepingBest<T>(IReadOnlyList<T> items, int max, int seed, int best,
        Func<T, double> objective, bool minimize, Func<T, object> stratum)
    {
        if (items.Count <= max) return items;
        // Best first; ties in original order, so the choice does not depend on the sort's stability.
        var ranked = Enumerable.Range(0, items.Count)
            .OrderBy(i => minimize ? objective(items[i]) : -objective(items[i])).ThenBy(i => i).ToList();
        var chosen = new HashSet<int>(ranked.Take(Math.Min(best, max)));
        foreach (var first in ranked.GroupBy(i => stratum(items[i])).Select(g => g.First()))
            if (chosen.Count < max) chosen.Add(first);
        var rest = ranked.Where(i => !chosen.Contains(i)).Order().ToList();
        chosen.UnionWith(Sample(rest, max - chosen.Count, seed));
        return chosen.Order().Select(i => items[i]).ToList();
    }

    /// <summary>
    /// Of <paramref name="ranked"/> (best first), all when there are at most <paramref name="max"/>; else the
    /// <paramref name="best"/> first and the rest spread evenly over the remaining order, the last (worst) included,
    /// in ranked order: no seed needed.
    /// </summary>
    public static IReadOnlyList<T> AcrossOrder<T>(IReadOnlyList<T> ranked, int max, int best)
    {
        if (ranked.Count <= max) return ranked;
        best = Math.Min(best, max - 1);
        var spread = max - best;
        var tail = ranked.Count - best;
        // Positions best .. Count-1, evenly spaced: the j-th at best + round(j * (tail - 1) / (spread - 1)).
        var picked = Enumerable.Range(0, best).Concat(Enumerable.Range(0, spread)
            .Select(j => best + (spread == 1 ? tail - 1 : (int)Math.Round(j * (tail - 1) / (double)(spread - 1)))));
        return picked.Distinct().Order().Select(i => ranked[i]).ToList();
    }

    /// <summary>A title with " (showing N of M)" when a plot draws fewer than all.</summary>
    public static string Title(string title, int shown, int total, string what = "runs") => shown >= total ? title
        : string.Create(CultureInfo.InvariantCulture, $"{title} (showing {shown:N0} of {total:N0} {what})");

    /// <summary>As <see cref="Title(string, int, int, string)"/>, with what the sample kept on a second, smaller line.</summary>
    public static string Title(string title, int shown, int total, string what, string kept) => shown >= total ? title
        : $"{Title(title, shown, total, what)}<br><span style=\"font-size:11px\">{kept}</span>";

    private static int IndexOf<T>(IReadOnlyList<T> items, T item)
    {
        for (var i = 0; i < items.Count; i++)
            if (EqualityComparer<T>.Default.Equals(items[i], item)) return i;
        return -1;
    }
}

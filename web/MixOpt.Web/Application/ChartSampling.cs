using System.Globalization;

namespace MixOpt.Web.Application;

/// <summary>
/// How much of a big study each plot draws. Below the caps a plot shows every run (what the dashboard tests count);
/// above, a seeded sample in run order, so a 10,000-run page sends and draws a few thousand points, not 50,000, and
/// the same study always shows the same sample. Each plot states "showing N of M" in its title when it samples.
/// </summary>
public static class ChartSampling
{
    /// <summary>Points of one scatter plot (objective per run, ternary, transfer).</summary>
    public const int MaxPoints = 2_000;

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

    /// <summary>A title with " (showing N of M)" when a plot draws fewer than all.</summary>
    public static string Title(string title, int shown, int total, string what = "runs") => shown >= total ? title
        : string.Create(CultureInfo.InvariantCulture, $"{title} (showing {shown:N0} of {total:N0} {what})");

    private static int IndexOf<T>(IReadOnlyList<T> items, T item)
    {
        for (var i = 0; i < items.Count; i++)
            if (EqualityComparer<T>.Default.Equals(items[i], item)) return i;
        return -1;
    }
}

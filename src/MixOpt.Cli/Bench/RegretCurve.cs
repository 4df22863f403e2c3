namespace MixOpt.Cli.Bench;

/// <summary>
/// Turns per-seed step traces into one curve: at every cumulative cost where some seed took a step, the median over
/// seeds of the regret of the latest recommendation (points where fewer than half the seeds have recommended yet
/// are left out).
/// </summary>
public static class RegretCurve
{
    public static BenchPlots.Series Median(string name, IReadOnlyList<PoolTrace> traces, Func<double, double> regret)
    {
        var grid = traces.SelectMany(t => t.Costs).Distinct().Order().ToArray();
        var next = new int[traces.Count];
        var latest = new double[traces.Count];
        Array.Fill(latest, double.NaN);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var x in grid)
        {
            for (var s = 0; s < traces.Count; s++)
            {
                var t = traces[s];
                while (next[s] < t.Costs.Count && t.Costs[next[s]] <= x) latest[s] = regret(t.Scores[next[s]++]);
            }
            var values = latest.Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length * 2 < traces.Count) continue;
            xs.Add(x);
            ys.Add(Quantiles.Median(values));
        }
        return new BenchPlots.Series(name, xs, ys);
    }
}

namespace MixOpt.Cli.Bench;

/// <summary>
/// Turns per-seed step traces into one curve: on a grid of cumulative costs, the median over seeds of the regret
/// of the latest recommendation (points where fewer than half the seeds have recommended yet are left out).
/// </summary>
public static class RegretCurve
{
    public static BenchPlots.Series Median(string name, IReadOnlyList<PoolTrace> traces, Func<double, double> regret, double budget, int points = 200)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var g = 0; g <= points; g++)
        {
            var x = budget * g / points;
            var values = new List<double>();
            foreach (var t in traces)
            {
                var last = -1;
                for (var i = 0; i < t.Costs.Count && t.Costs[i] <= x; i++) last = i;
                if (last >= 0) values.Add(regret(t.Scores[last]));
            }
            if (values.Count * 2 < traces.Count) continue;
            xs.Add(x);
            ys.Add(Quantiles.Median(values));
        }
        return new BenchPlots.Series(name, xs, ys);
    }
}

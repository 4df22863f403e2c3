using ScottPlot;

namespace MixOpt.Cli.Bench;

/// <summary>The PNGs of <c>mixopt bench aioli --plot DIR</c>: one run's proportion trajectory, and the per-seed differences.</summary>
public static class AioliFigures
{
    /// <summary>
    /// Each domain's proportion per round (what the run trained on after that round's probes); <paramref name="baseline"/>
    /// names the fixed arm's mixture in the title ("uniform", or "start" for a run from <c>--start</c>).
    /// </summary>
    public static void Trajectory(string path, IReadOnlyList<string> domains, AioliBenchmark.SeedResult run, string baseline = "uniform")
    {
        var plot = new Plot();
        var steps = run.Rounds.Select(r => (double)r.Step).ToArray();
        for (var d = 0; d < domains.Count; d++)
        {
            var line = plot.Add.ScatterLine(steps, run.Rounds.Select(r => r.Proportions[d]).ToArray());
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LegendText = domains[d];
        }
        var uniform = plot.Add.HorizontalLine(1.0 / domains.Count);
        uniform.LinePattern = LinePattern.Dashed;
        uniform.LegendText = "uniform";
        Save(plot, path, $"Aioli proportion trajectory from the {baseline} mixture (seed {run.Seed})", "training step (end of round)", "proportion");
    }

    /// <summary>Aioli minus the fixed arm's (<paramref name="baseline"/>) mean validation loss, one bar per seed (below zero: Aioli better).</summary>
    public static void Differences(string path, IReadOnlyList<AioliBenchmark.SeedResult> runs, string baseline = "uniform")
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(runs.Select(r => r.Difference).ToArray());
        bars.LegendText = $"Aioli − {baseline}";
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, runs.Count).Select(i => (double)i).ToArray(), runs.Select(r => "seed " + r.Seed).ToArray());
        plot.Add.HorizontalLine(0);
        Save(plot, path, $"Mean per-domain validation loss, Aioli − {baseline} mixture (same tokens)", "seed", "loss difference (nats/token)");
    }

    private static void Save(Plot plot, string path, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        RunTableFiles.CreateParent(path);
        plot.SavePng(path, 900, 600);
        Console.WriteLine($"Wrote {path}");
    }
}

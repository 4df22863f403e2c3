using ScottPlot;

namespace MixOpt.Cli.Bench;

/// <summary>The PNGs of <c>--plot DIR</c>, drawn with ScottPlot.</summary>
public static class BenchPlots
{
    public sealed record Series(string Name, IReadOnlyList<double> Xs, IReadOnlyList<double> Ys);

    /// <summary>
    /// Step curves (e.g. regret of the recommendation vs cumulative cost), one per strategy, on a log10 cost axis:
    /// cheap strategies act in the first few cost units and linear axes would squeeze them into one pixel.
    /// </summary>
    public static void Curves(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var points = s.Xs.Zip(s.Ys).Where(p => p.First > 0 && double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(p => Math.Log10(p.First)).ToArray(), points.Select(p => p.Second).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = s.Name;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        Save(plot, path, title, xLabel + " (log scale)", yLabel);
    }

    /// <summary>Predicted vs actual, with the y = x line a perfect model would sit on.</summary>
    public static void PredictedVsActual(string path, string title, IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        var plot = new Plot();
        var finite = actual.Zip(predicted).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
        if (finite.Length > 0)
        {
            var points = plot.Add.ScatterPoints(finite.Select(p => p.First).ToArray(), finite.Select(p => p.Second).ToArray());
            points.MarkerSize = 5;
            var lo = finite.Min(p => Math.Min(p.First, p.Second));
            var hi = finite.Max(p => Math.Max(p.First, p.Second));
            var diagonal = plot.Add.Line(lo, lo, hi, hi);
            diagonal.LinePattern = LinePattern.Dashed;
        }
        Save(plot, path, title, "actual", "predicted");
    }

    /// <summary>A file name made only of safe characters.</summary>
    public static string FileName(params string[] parts) =>
        string.Join("_", parts.Select(p => new string(p.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray()))) + ".png";

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

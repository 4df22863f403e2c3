namespace MixOpt.Cli.Bench;

/// <summary>
/// Order statistics that, unlike the usual interpolating ones, stay defined when values are infinite
/// ("never reached the top 1%" is +∞ and must sort last, not turn the median into NaN).
/// Linear interpolation between order statistics (the common "type 7" definition).
/// </summary>
public static class Quantiles
{
    public static double Of(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = (int)Math.Ceiling(h);
        var a = sorted[lo];
        var b = sorted[hi];
        // a == b also covers +inf == +inf, where the interpolation below would give NaN.
        if (lo == hi || a == b) return a;
        return a + (h - lo) * (b - a);
    }

    public static double Median(IReadOnlyList<double> values) => Of(values, 0.5);

    public static double[] InterquartileRange(IReadOnlyList<double> values) => [Of(values, 0.25), Of(values, 0.75)];

    /// <summary>Infinite and NaN values become null in JSON (which has no infinity); the docs say so.</summary>
    public static double? Json(double v) => double.IsFinite(v) ? v : null;
}

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// The observation noise that replicates show by themselves: rows with identical inputs (the same mixture at the
/// same rung run more than once) differ only by noise, so their pooled within-group variance estimates the noise
/// variance without any model, on <see cref="DegreesOfFreedom"/> = Σ (group size − 1) degrees of freedom.
/// A GP fit uses it as evidence on its noise hyperparameter (<see cref="LogNoiseEvidence"/>), so a model cannot
/// interpolate noise that the replicates have shown to be there, nor call noise-free data noisy.
/// </summary>
/// <param name="Variance">Pooled within-group variance, in the units of the values given.</param>
public sealed record ReplicateNoise(double Variance, int DegreesOfFreedom)
{
    /// <summary>
    /// The pooled estimate over the rows of <paramref name="x"/> (<paramref name="width"/> values each) that share
    /// their inputs exactly, or null when no input occurs twice.
    /// </summary>
    public static ReplicateNoise? Estimate(ReadOnlySpan<double> x, int width, IReadOnlyList<double> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Count * width) throw new ArgumentException($"{x.Length} inputs for {y.Count} rows of width {width}.");
        var groups = new Dictionary<string, List<double>>();
        for (var i = 0; i < y.Count; i++)
        {
            // The exact bits of the row: replicates are the same mixture, not merely a close one.
            var key = string.Join(',', x.Slice(i * width, width).ToArray().Select(v => BitConverter.DoubleToInt64Bits(v)));
            if (!groups.TryGetValue(key, out var values)) groups[key] = values = [];
            values.Add(y[i]);
        }
        var sum = 0.0;
        var df = 0;
        foreach (var values in groups.Values.Where(g => g.Count > 1))
        {
            var mean = values.Average();
            sum += values.Sum(v => (v - mean) * (v - mean));
            df += values.Count - 1;
        }
        return df == 0 ? null : new ReplicateNoise(sum / df, df);
    }

    /// <summary>
    /// This estimate as a Gaussian on the log noise variance, after dividing the values by <paramref name="scale"/>:
    /// s² ~ σ²·χ²(ν)/ν, so log s² is about N(log σ², 2/ν). A zero spread (identical replicates) is floored at
    /// <paramref name="floor"/> of the standardized variance rather than log 0.
    /// </summary>
    public (double Mean, double StdDev) LogNoiseEvidence(double scale, double floor = 1e-6)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        var standardized = Math.Max(Variance / (scale * scale), floor);
        return (Math.Log(standardized), Math.Sqrt(2.0 / DegreesOfFreedom));
    }
}

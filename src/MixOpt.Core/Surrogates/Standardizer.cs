namespace MixOpt.Core.Surrogates;

/// <summary>Maps targets to zero mean and unit variance and back, so priors and tolerances are scale-free.</summary>
public readonly record struct Standardizer(double Mean, double Scale)
{
    public static Standardizer Fit(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
        var scale = Math.Sqrt(variance);
        return new Standardizer(mean, scale > 1e-300 ? scale : 1.0);
    }

    public double To(double value) => (value - Mean) / Scale;

    public double From(double standardized) => Mean + Scale * standardized;

    public double[] ToAll(IReadOnlyList<double> values) => values.Select(To).ToArray();
}

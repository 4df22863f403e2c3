namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Adds a linear trend to another kernel: <c>k(x, x') = k_inner(x, x') + σ_L²·(x − c)·(x' − c)</c>, which is a GP
/// with a Bayesian linear mean (weights ~ N(0, σ_L²)) around the centre c. With few runs in many dimensions a
/// stationary kernel reverts to the data mean a lengthscale away from its runs; the trend lets the posterior carry
/// the direction in which the runs improve past them. Parameters: the inner kernel's, then log σ_L².
/// </summary>
public sealed class LinearTrendKernel(IGpKernel inner, double[] centre) : IGpKernel
{
    private const double MinLogTrend = -12.0;
    private const double MaxLogTrend = 2.0;

    /// <summary>The prior's guess of σ_L²: a trend that explains a modest share of the standardized variance.</summary>
    public const double DefaultTrendVariance = 0.01;

    public IGpKernel Inner { get; } = inner;

    public int InputWidth => Inner.InputWidth;

    public int ParameterCount => Inner.ParameterCount + 1;

    public IReadOnlyList<double> LowerBounds => [.. Inner.LowerBounds, MinLogTrend];

    public IReadOnlyList<double> UpperBounds => [.. Inner.UpperBounds, MaxLogTrend];

    public double[] InitialParameters() => [.. Inner.InitialParameters(), Math.Log(DefaultTrendVariance)];

    public double[] RandomParameters(Random random) => [.. Inner.RandomParameters(random), Math.Log(DefaultTrendVariance) + 2 * random.NextDouble() - 1];

    /// <summary>The inner kernel's prior (<paramref name="innerPrior"/>), and 1.5 log units around the default for σ_L².</summary>
    public HyperparameterPrior Prior(HyperparameterPrior innerPrior)
    {
        ArgumentNullException.ThrowIfNull(innerPrior);
        var means = innerPrior.Means.ToList();
        var stdDevs = innerPrior.StdDevs.ToList();
        // The inner prior ends with the noise; the trend's parameter goes before it.
        means.Insert(means.Count - 1, Math.Log(DefaultTrendVariance));
        stdDevs.Insert(stdDevs.Count - 1, 1.5);
        return new HyperparameterPrior([.. means], [.. stdDevs]);
    }

    public IBoundKernel Bind(IReadOnlyList<double> parameters) =>
        new Bound(Inner.Bind(parameters.Take(Inner.ParameterCount).ToArray()), centre, Math.Exp(parameters[Inner.ParameterCount]));

    public void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> parameters, ReadOnlySpan<double> w, Span<double> gradient)
    {
        Inner.AccumulateGradient(x, rows, parameters.Take(Inner.ParameterCount).ToArray(), w, gradient[..Inner.ParameterCount]);
        var trend = Math.Exp(parameters[Inner.ParameterCount]);
        var width = InputWidth;
        var sum = 0.0;
        for (var a = 0; a < rows; a++)
            for (var b = a; b < rows; b++)
                sum += (a == b ? 0.5 : 1.0) * w[a * rows + b] * Dot(x.Slice(a * width, width), x.Slice(b * width, width), centre);
        gradient[Inner.ParameterCount] += trend * sum;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double[] c)
    {
        var s = 0.0;
        for (var j = 0; j < c.Length; j++) s += (a[j] - c[j]) * (b[j] - c[j]);
        return s;
    }

    private sealed class Bound(IBoundKernel inner, double[] centre, double trend) : IBoundKernel
    {
        public double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => inner.Evaluate(a, b) + trend * Dot(a, b, centre);

        public double Variance(ReadOnlySpan<double> a) => inner.Variance(a) + trend * Dot(a, a, centre);

        public void Row(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> output)
        {
            inner.Row(a, x, output);
            var width = centre.Length;
            for (var i = 0; i < output.Length; i++) output[i] += trend * Dot(a, x.Slice(i * width, width), centre);
        }
    }
}

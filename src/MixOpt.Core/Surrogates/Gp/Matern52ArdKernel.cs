namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Matérn-5/2 with one lengthscale per input (ARD) and a signal variance: parameters are
/// [log ℓ_1 … log ℓ_w, log s²]. On the simplex each input is a proportion, so lengthscales are bounded to
/// [0.01, 20]: shorter would memorize noise, longer is indistinguishable from "irrelevant".
/// </summary>
public sealed class Matern52ArdKernel(int inputWidth) : IGpKernel
{
    private const double MinLogLengthscale = -4.6; // 0.01
    private const double MaxLogLengthscale = 3.0;  // 20
    private const double MinLogSignal = -3.0;
    private const double MaxLogSignal = 3.0;

    public int InputWidth { get; } = inputWidth;

    public int ParameterCount => InputWidth + 1;

    public IReadOnlyList<double> LowerBounds => [.. Enumerable.Repeat(MinLogLengthscale, InputWidth), MinLogSignal];

    public IReadOnlyList<double> UpperBounds => [.. Enumerable.Repeat(MaxLogLengthscale, InputWidth), MaxLogSignal];

    public double[] InitialParameters() => [.. Enumerable.Repeat(Math.Log(0.5), InputWidth), 0.0];

    /// <summary>Every lengthscale at 3 (on scaled inputs, <see cref="InputScaling"/>: three times the data's spacing).</summary>
    public double[] SmoothParameters() => [.. Enumerable.Repeat(Math.Log(3.0), InputWidth), 0.0];

    /// <summary>
    /// The MAP prior bo fits this kernel with: lengthscales around 0.5·√w (one log unit either way), the signal
    /// and noise as <see cref="HyperparameterPrior.AroundDefaults"/>. Lengthscales grow with √(inputs) as in
    /// dimension-scaled priors (Hvarfner et al., 2024): with w inputs, distances between points grow like √w, so a
    /// fixed lengthscale would make a few runs in many dimensions look unrelated and expected improvement would only
    /// take tiny steps around them.
    /// </summary>
    public HyperparameterPrior Prior()
    {
        var generic = HyperparameterPrior.AroundDefaults(this);
        var means = generic.Means.ToArray();
        for (var j = 0; j < InputWidth; j++) means[j] = Math.Log(0.5 * Math.Sqrt(InputWidth));
        return new HyperparameterPrior(means, generic.StdDevs.ToArray());
    }

    public double[] RandomParameters(Random random) =>
        [.. Enumerable.Range(0, InputWidth).Select(_ => Math.Log(0.05) + random.NextDouble() * (Math.Log(3) - Math.Log(0.05))), random.NextDouble() - 0.5];

    public IBoundKernel Bind(IReadOnlyList<double> parameters) => new Bound(
        Enumerable.Range(0, InputWidth).Select(j => Math.Exp(-parameters[j])).ToArray(), Math.Exp(parameters[InputWidth]));

    public void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> parameters, ReadOnlySpan<double> w, Span<double> gradient)
    {
        var width = InputWidth;
        var inverse = Enumerable.Range(0, width).Select(j => Math.Exp(-parameters[j])).ToArray();
        var signal = Math.Exp(parameters[width]);
        Span<double> scaled2 = stackalloc double[width];
        for (var a = 0; a < rows; a++)
        {
            var xa = x.Slice(a * width, width);
            // Diagonal: r = 0, so only the signal variance moves.
            gradient[width] += 0.5 * w[a * rows + a] * signal;
            for (var b = a + 1; b < rows; b++)
            {
                var xb = x.Slice(b * width, width);
                var r2 = 0.0;
                for (var j = 0; j < width; j++)
                {
                    var d = (xa[j] - xb[j]) * inverse[j];
                    scaled2[j] = d * d;
                    r2 += scaled2[j];
                }
                // Symmetric pair counted twice: ½·2 = 1.
                var wab = w[a * rows + b];
                var common = wab * signal * Matern52.LengthscaleFactor(r2);
                for (var j = 0; j < width; j++) gradient[j] += common * scaled2[j];
                gradient[width] += wab * signal * Matern52.Correlation(r2);
            }
        }
    }

    private sealed class Bound(double[] inverseLengthscale, double signal) : IBoundKernel
    {
        public double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            var r2 = 0.0;
            for (var j = 0; j < inverseLengthscale.Length; j++)
            {
                var d = (a[j] - b[j]) * inverseLengthscale[j];
                r2 += d * d;
            }
            return signal * Matern52.Correlation(r2);
        }

        public double Variance(ReadOnlySpan<double> a) => signal;

        public void Row(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> output)
        {
            var width = inverseLengthscale.Length;
            Span<double> scaled = stackalloc double[width];
            for (var j = 0; j < width; j++) scaled[j] = a[j] * inverseLengthscale[j];
            var rows = x.Length / width;
            for (var i = 0; i < rows; i++)
            {
                var xi = x.Slice(i * width, width);
                var r2 = 0.0;
                for (var j = 0; j < width; j++)
                {
                    var d = scaled[j] - xi[j] * inverseLengthscale[j];
                    r2 += d * d;
                }
                output[i] = signal * Matern52.Correlation(r2);
            }
        }
    }
}

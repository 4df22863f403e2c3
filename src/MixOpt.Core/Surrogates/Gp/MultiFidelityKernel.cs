namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// A multi-fidelity covariance in the spirit of autoregressive co-kriging and BoTorch's linear-truncated fidelity
/// kernels. An input is a mixture followed by z ∈ [0, 1], the fidelity on a log scale (1 = target). A run at
/// fidelity z sees the target function plus a discrepancy that fades as z reaches 1:
/// <c>f(x, z) = g(x) + (1 − z)·δ(x)</c>, with g ~ GP(0, s₁²·M_ARD) and δ ~ GP(0, b² + s₂²·M_iso), so
/// <c>k = s₁²·M(x, x'; ℓ) + (1 − z)(1 − z')·(b² + s₂²·M(x, x'; ℓ_δ))</c>.
/// Cheap runs therefore inform the target through g, and b² lets every rung sit at its own loss level.
/// Parameters: [log ℓ₁ … log ℓ_d, log s₁², log b², log(s₂²/s₁²), log ℓ_δ]: the discrepancy's variance is relative
/// to the shared signal's, so a prior on it is a prior on how well the cheap rungs correlate with the target
/// (<see cref="Prior"/>), whatever scale the standardized targets happen to have.
/// </summary>
public sealed class MultiFidelityKernel(int domains) : IGpKernel
{
    private const double MinLog = -4.6;
    private const double MaxLogLengthscale = 3.0;
    private const double MaxLogVariance = 3.0;
    private const double MinLogVariance = -6.0;
    private const double MaxLogLevel = 6.0;   // rung offsets can be many standard deviations of the shape apart
    private const double MinLogRatio = -8.0;
    private const double MaxLogRatio = 3.0;

    /// <summary>The prior's guess of the discrepancy-to-signal variance ratio: cheap rungs mostly share the target's shape.</summary>
    public const double PriorDiscrepancyRatio = 0.1;

    public int Domains { get; } = domains;

    public int InputWidth => Domains + 1;

    public int ParameterCount => Domains + 4;

    public IReadOnlyList<double> LowerBounds => [.. Enumerable.Repeat(MinLog, Domains), -3.0, MinLogVariance, MinLogRatio, MinLog];

    public IReadOnlyList<double> UpperBounds => [.. Enumerable.Repeat(MaxLogLengthscale, Domains), MaxLogVariance, MaxLogLevel, MaxLogRatio, MaxLogLengthscale];

    public double[] InitialParameters() => [.. Enumerable.Repeat(Math.Log(0.5), Domains), 0.0, 0.0, Math.Log(PriorDiscrepancyRatio), Math.Log(1.0)];

    /// <summary>
    /// The MAP prior bo/mfbo fit this kernel with: around <see cref="InitialParameters"/>, one log unit either way
    /// for lengthscales and the signal, a tight half unit on the discrepancy ratio while there are no target rows
    /// (then the split between shared shape and discrepancy is not identified by the data at all, and a flat prior
    /// lets the fit flip to "all of the shape is the cheap rung's own", which makes the target surface flat), and a
    /// wide one on the rung offset's variance b² (offsets say nothing about shape).
    /// Each target row identifies the split a little more, so the ratio's spread grows as
    /// <see cref="RatioSpreadPerTargetRow"/>·√(target rows) on top of the half unit: with a few target runs the data
    /// can overrule the prior where the cheap rung's shape disagrees with the target's (the RegMix pool: 1M vs 60M).
    /// </summary>
    /// <param name="targetRows">Rows at the target fidelity (z = 1) among those the hyperparameters are fitted on.</param>
    public HyperparameterPrior Prior(int targetRows = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetRows);
        var generic = HyperparameterPrior.AroundDefaults(this);
        var stdDevs = generic.StdDevs.ToArray();
        stdDevs[Domains + 1] = 3.0;
        stdDevs[Domains + 2] = BaseRatioSpread + RatioSpreadPerTargetRow * Math.Sqrt(targetRows);
        return new HyperparameterPrior(generic.Means.ToArray(), stdDevs);
    }

    /// <summary>The discrepancy ratio's prior spread (log units) before any target row.</summary>
    public const double BaseRatioSpread = 0.5;

    /// <summary>How fast the ratio's prior spread grows with √(target rows).</summary>
    public static double RatioSpreadPerTargetRow { get; set; } = double.Parse(Environment.GetEnvironmentVariable("MIXOPT_RATIO_SPREAD") ?? "0.5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Rows of <paramref name="inputs"/> (row-major, <see cref="InputWidth"/> wide) at the target fidelity (z = 1).</summary>
    public int TargetRows(ReadOnlySpan<double> inputs)
    {
        if (inputs.Length % InputWidth != 0) throw new ArgumentException($"Inputs of {inputs.Length} values are not rows of {InputWidth}.", nameof(inputs));
        var count = 0;
        for (var i = InputWidth - 1; i < inputs.Length; i += InputWidth) if (inputs[i] >= 1 - 1e-9) count++;
        return count;
    }

    public double[] RandomParameters(Random random) =>
    [
        .. Enumerable.Range(0, Domains).Select(_ => Math.Log(0.05) + random.NextDouble() * (Math.Log(3) - Math.Log(0.05))),
        random.NextDouble() - 0.5, random.NextDouble() * 2 - 1, Math.Log(0.01) + random.NextDouble() * 4, Math.Log(0.2) + random.NextDouble() * 2.5,
    ];

    public IBoundKernel Bind(IReadOnlyList<double> p) => new Bound(Domains,
        Enumerable.Range(0, Domains).Select(j => Math.Exp(-p[j])).ToArray(),
        Math.Exp(p[Domains]), Math.Exp(p[Domains + 1]), Math.Exp(p[Domains] + p[Domains + 2]), Math.Exp(-p[Domains + 3]));

    public void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> p, ReadOnlySpan<double> w, Span<double> gradient)
    {
        var d = Domains;
        var width = InputWidth;
        var inverse = Enumerable.Range(0, d).Select(j => Math.Exp(-p[j])).ToArray();
        var s1 = Math.Exp(p[d]);
        var b2 = Math.Exp(p[d + 1]);
        var s2 = Math.Exp(p[d] + p[d + 2]);
        var inverseDelta = Math.Exp(-p[d + 3]);
        Span<double> scaled2 = stackalloc double[d];
        for (var a = 0; a < rows; a++)
        {
            var xa = x.Slice(a * width, width);
            var ua = 1 - xa[d];
            for (var b = a; b < rows; b++)
            {
                var xb = x.Slice(b * width, width);
                var u = ua * (1 - xb[d]);
                double r2 = 0, raw2 = 0;
                for (var j = 0; j < d; j++)
                {
                    var diff = xa[j] - xb[j];
                    raw2 += diff * diff;
                    var s = diff * inverse[j];
                    scaled2[j] = s * s;
                    r2 += scaled2[j];
                }
                var rd2 = raw2 * inverseDelta * inverseDelta;
                // Off-diagonal pairs appear twice in the symmetric sum: ½·2 = 1; the diagonal once: ½.
                var weight = (a == b ? 0.5 : 1.0) * w[a * rows + b];
                var common = weight * s1 * Matern52.LengthscaleFactor(r2);
                for (var j = 0; j < d; j++) gradient[j] += common * scaled2[j];
                gradient[d] += weight * s1 * Matern52.Correlation(r2);
                gradient[d + 1] += weight * u * b2;
                var discrepancy = weight * u * s2 * Matern52.Correlation(rd2);
                gradient[d] += discrepancy; // s₂² = s₁²·ratio moves with s₁²
                gradient[d + 2] += discrepancy;
                gradient[d + 3] += weight * u * s2 * Matern52.LengthscaleFactor(rd2) * rd2;
            }
        }
    }

    private sealed class Bound(int d, double[] inverse, double s1, double b2, double s2, double inverseDelta) : IBoundKernel
    {
        public double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double r2 = 0, raw2 = 0;
            for (var j = 0; j < d; j++)
            {
                var diff = a[j] - b[j];
                raw2 += diff * diff;
                var s = diff * inverse[j];
                r2 += s * s;
            }
            var u = (1 - a[d]) * (1 - b[d]);
            var k = s1 * Matern52.Correlation(r2);
            if (u != 0) k += u * (b2 + s2 * Matern52.Correlation(raw2 * inverseDelta * inverseDelta));
            return k;
        }

        public double Variance(ReadOnlySpan<double> a)
        {
            var u = (1 - a[d]) * (1 - a[d]);
            return s1 + u * (b2 + s2);
        }

        public void Row(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> output)
        {
            var width = d + 1;
            for (var i = 0; i < output.Length; i++) output[i] = Evaluate(a, x.Slice(i * width, width));
        }
    }
}

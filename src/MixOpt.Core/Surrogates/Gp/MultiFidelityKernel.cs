namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// A multi-fidelity covariance in the spirit of autoregressive co-kriging and BoTorch's linear-truncated fidelity
/// kernels. An input is a mixture followed by z ∈ [0, 1], the fidelity on a log scale (1 = target). A run at
/// fidelity z sees the target function plus a discrepancy that fades as z reaches 1:
/// <c>f(x, z) = g(x) + (1 − z)·δ(x)</c>, with g ~ GP(0, c² + s₁²·M) and δ ~ GP(0, b² + s₂²·M), M one Matérn-5/2 ARD
/// correlation shared by both, so <c>k = c² + (s₁² + (1 − z)(1 − z')·s₂²)·M(x, x'; ℓ) + (1 − z)(1 − z')·b²</c>.
/// Cheap runs therefore inform the target through g; b² lets every rung sit at its own loss level and c² lets the
/// target sit at its own (the targets are standardized over all rows, mostly cheap ones, so the target's level can
/// be several standard deviations away: without c² the fit put that gap into the noise, seen on the RegMix pool).
/// The discrepancy shares g's lengthscales on purpose: with a shape of its own (an earlier isotropic δ), cheap
/// runs alone told the likelihood to put the smooth part of their shape in δ and only the rough rest in g, i.e.
/// that the target is flat (seen on the RegMix pool: s₂²/s₁² ≈ 7 before any target run). With one shape, how the
/// shape splits between g and δ is decided by the prior until target runs show it.
/// Parameters: [log ℓ₁ … log ℓ_d, log s₁², log b², log(s₂²/s₁²), log c²]: the discrepancy's variance is relative to the
/// shared signal's, so a prior on it is a prior on how well the cheap rungs correlate with the target
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

    public IReadOnlyList<double> LowerBounds => [.. Enumerable.Repeat(MinLog, Domains), -3.0, MinLogVariance, MinLogRatio, MinLogVariance];

    public IReadOnlyList<double> UpperBounds => [.. Enumerable.Repeat(MaxLogLengthscale, Domains), MaxLogVariance, MaxLogLevel, MaxLogRatio, MaxLogLevel];

    public double[] InitialParameters() => [.. Enumerable.Repeat(Math.Log(0.5), Domains), 0.0, 0.0, Math.Log(PriorDiscrepancyRatio), 0.0];

    /// <summary>
    /// The MAP prior bo/mfbo fit this kernel with: around <see cref="InitialParameters"/>, one log unit either way
    /// for lengthscales and the signal, a tight half unit on the discrepancy ratio while there are no target rows
    /// (then the split between shared shape and discrepancy is not identified by the data at all, and a flat prior
    /// lets the fit flip to "all of the shape is the cheap rung's own", which makes the target surface flat), and a
    /// wide one on the level variances b² and c² (levels say nothing about shape).
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
        stdDevs[Domains + 3] = 3.0;
        stdDevs[Domains + 2] = BaseRatioSpread + RatioSpreadPerTargetRow * Math.Sqrt(targetRows);
        return new HyperparameterPrior(generic.Means.ToArray(), stdDevs);
    }

    /// <summary>The discrepancy ratio's prior spread (log units) before any target row.</summary>
    public const double BaseRatioSpread = 0.5;

    /// <summary>How fast the ratio's prior spread grows with √(target rows).</summary>
    public const double RatioSpreadPerTargetRow = 0.5;

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
        random.NextDouble() - 0.5, random.NextDouble() * 2 - 1, Math.Log(0.01) + random.NextDouble() * 4, random.NextDouble() * 2 - 1,
    ];

    public IBoundKernel Bind(IReadOnlyList<double> p) => new Bound(Domains,
        Enumerable.Range(0, Domains).Select(j => Math.Exp(-p[j])).ToArray(),
        Math.Exp(p[Domains]), Math.Exp(p[Domains + 1]), Math.Exp(p[Domains] + p[Domains + 2]), Math.Exp(p[Domains + 3]));

    public void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> p, ReadOnlySpan<double> w, Span<double> gradient)
    {
        var d = Domains;
        var width = InputWidth;
        var inverse = Enumerable.Range(0, d).Select(j => Math.Exp(-p[j])).ToArray();
        var s1 = Math.Exp(p[d]);
        var b2 = Math.Exp(p[d + 1]);
        var s2 = Math.Exp(p[d] + p[d + 2]);
        var c2 = Math.Exp(p[d + 3]);
        Span<double> scaled2 = stackalloc double[d];
        for (var a = 0; a < rows; a++)
        {
            var xa = x.Slice(a * width, width);
            var ua = 1 - xa[d];
            for (var b = a; b < rows; b++)
            {
                var xb = x.Slice(b * width, width);
                var u = ua * (1 - xb[d]);
                double r2 = 0;
                for (var j = 0; j < d; j++)
                {
                    var s = (xa[j] - xb[j]) * inverse[j];
                    scaled2[j] = s * s;
                    r2 += scaled2[j];
                }
                // Off-diagonal pairs appear twice in the symmetric sum: ½·2 = 1; the diagonal once: ½.
                var weight = (a == b ? 0.5 : 1.0) * w[a * rows + b];
                var variance = s1 + u * s2;
                var common = weight * variance * Matern52.LengthscaleFactor(r2);
                for (var j = 0; j < d; j++) gradient[j] += common * scaled2[j];
                var correlation = Matern52.Correlation(r2);
                // s₂² = s₁²·ratio moves with s₁².
                gradient[d] += weight * variance * correlation;
                gradient[d + 1] += weight * u * b2;
                gradient[d + 2] += weight * u * s2 * correlation;
                gradient[d + 3] += weight * c2;
            }
        }
    }

    private sealed class Bound(int d, double[] inverse, double s1, double b2, double s2, double c2) : IBoundKernel
    {
        public double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double r2 = 0;
            for (var j = 0; j < d; j++)
            {
                var s = (a[j] - b[j]) * inverse[j];
                r2 += s * s;
            }
            var u = (1 - a[d]) * (1 - b[d]);
            return c2 + (s1 + u * s2) * Matern52.Correlation(r2) + u * b2;
        }

        public double Variance(ReadOnlySpan<double> a)
        {
            var u = (1 - a[d]) * (1 - a[d]);
            return c2 + s1 + u * (b2 + s2);
        }

        public void Row(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> output)
        {
            var width = d + 1;
            for (var i = 0; i < output.Length; i++) output[i] = Evaluate(a, x.Slice(i * width, width));
        }
    }
}

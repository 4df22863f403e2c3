namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// A multi-task (intrinsic coregionalization) kernel over the discrete rungs of a fidelity ladder:
/// <c>k((x, i), (x', j)) = δ_ij·b_i² + σ_i·σ_j·ρ_ij·M(x, x')</c>, with M the Matérn-5/2 ARD correlation over the
/// (warped) mixture, σ_i each rung's own signal scale, b_i² each rung's own level variance (rungs sit at arbitrary
/// offsets: 1M losses far above 60M ones) and ρ the correlation matrix between rungs, learned from the data.
/// Input rows are the mixture's d warped weights followed by the rung's index (0 = cheapest, m − 1 = the target).
///
/// ρ is structured along the ladder so it is a valid correlation matrix for any parameters and is identified by
/// the cheap rungs alone where it can be: <c>ρ_ij = exp(−Σ_k g_k)</c> over the gaps k between rungs i and j, with
/// <c>g_k = λ·Δz_k·exp(δ_k)</c>: a shared rate λ of trust lost per unit of log-fidelity (Δz_k: the gap's share of
/// the ladder's log-fidelity span) and a per-gap deviation δ_k. When two cheap rungs disagree, the shared rate
/// rises, so the fit trusts the gap up to the target less too, before any target run has been paid for; target runs
/// then pin the top gap down. Correlations lie in (0, 1]: a rung that ranks mixtures in reverse is learned as
/// uninformative (ρ → 0), which is what a strategy needs (do not use it), not as informative with a flipped sign.
/// Parameters: [log ℓ_1..d, log σ_0..m−1, log b²_0..m−1, log λ, δ_0..m−2].
/// </summary>
public sealed class RungCoregionalizationKernel : IGpKernel
{
    private const double MinLogLengthscale = -4.6;
    private const double MaxLogLengthscale = 3.0;
    private const double MinLogSignal = -4.0;
    private const double MaxLogSignal = 2.0;
    private const double MinLogLevel = -8.0;
    private const double MaxLogLevel = 6.0;
    private const double MinLogRate = -7.0;
    private const double MaxLogRate = 4.0;
    private const double MaxDeviation = 3.0;

    /// <summary>The prior's rate: a correlation of exp(−0.1) ≈ 0.9 between the cheapest rung and the target.</summary>
    public const double PriorRate = 0.1;

    private readonly double[] _gapShares;

    /// <param name="domains">Mixture inputs (warped weights).</param>
    /// <param name="rungPositions">Each rung's position on the ladder in [0, 1] (log-fidelity, cheapest 0, target 1), cheapest first.</param>
    public RungCoregionalizationKernel(int domains, IReadOnlyList<double> rungPositions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(domains, 1);
        ArgumentNullException.ThrowIfNull(rungPositions);
        if (rungPositions.Count < 2) throw new ArgumentException("A coregionalization kernel needs at least two rungs.", nameof(rungPositions));
        Domains = domains;
        Rungs = rungPositions.Count;
        _gapShares = new double[Rungs - 1];
        for (var k = 0; k < Rungs - 1; k++)
        {
            var gap = rungPositions[k + 1] - rungPositions[k];
            if (!(gap > 0)) throw new ArgumentException("Rung positions must increase strictly from the cheapest rung to the target.", nameof(rungPositions));
            _gapShares[k] = gap;
        }
        // Shares of the whole span, so the shared rate means the same for any ladder.
        var span = _gapShares.Sum();
        for (var k = 0; k < _gapShares.Length; k++) _gapShares[k] /= span;
    }

    public int Domains { get; }

    public int Rungs { get; }

    public int InputWidth => Domains + 1;

    public int ParameterCount => Domains + 2 * Rungs + Rungs;

    /// <summary>Index of log λ in the parameters; the gap deviations follow it.</summary>
    public int RateIndex => Domains + 2 * Rungs;

    public IReadOnlyList<double> LowerBounds =>
        [.. Enumerable.Repeat(MinLogLengthscale, Domains), .. Enumerable.Repeat(MinLogSignal, Rungs), .. Enumerable.Repeat(MinLogLevel, Rungs), MinLogRate, .. Enumerable.Repeat(-MaxDeviation, Rungs - 1)];

    public IReadOnlyList<double> UpperBounds =>
        [.. Enumerable.Repeat(MaxLogLengthscale, Domains), .. Enumerable.Repeat(MaxLogSignal, Rungs), .. Enumerable.Repeat(MaxLogLevel, Rungs), MaxLogRate, .. Enumerable.Repeat(MaxDeviation, Rungs - 1)];

    public double[] InitialParameters() =>
        [.. Enumerable.Repeat(Math.Log(0.5 * Math.Sqrt(Domains)), Domains), .. Enumerable.Repeat(Math.Log(0.5), Rungs), .. Enumerable.Repeat(0.0, Rungs), Math.Log(PriorRate), .. Enumerable.Repeat(0.0, Rungs - 1)];

    public double[] RandomParameters(Random random) =>
    [
        .. Enumerable.Range(0, Domains).Select(_ => Math.Log(0.05) + random.NextDouble() * (Math.Log(3 * Math.Sqrt(Domains)) - Math.Log(0.05))),
        .. Enumerable.Range(0, Rungs).Select(_ => Math.Log(0.1) + random.NextDouble() * (Math.Log(2) - Math.Log(0.1))),
        .. Enumerable.Range(0, Rungs).Select(_ => random.NextDouble() * 4 - 2),
        Math.Log(0.02) + random.NextDouble() * (Math.Log(3) - Math.Log(0.02)),
        .. Enumerable.Range(0, Rungs - 1).Select(_ => random.NextDouble() - 0.5),
    ];

    /// <summary>
    /// The MAP prior: lengthscales around 0.5·√d (as bo's), each rung's signal around 0.5 with a wide spread (the
    /// data are standardized over all rungs, offsets included, so a rung's own shape may be far smaller), levels
    /// very wide (they say nothing about shape), the rate around <see cref="PriorRate"/> (trust the cheap rungs
    /// about 0.9 until the data say otherwise) one log unit either way, gap deviations within about a factor 2.
    /// </summary>
    public HyperparameterPrior Prior()
    {
        var means = InitialParameters().Append(Math.Log(0.01)).ToArray();
        var stdDevs = new double[ParameterCount + 1];
        for (var j = 0; j < Domains; j++) stdDevs[j] = 1.0;
        for (var i = 0; i < Rungs; i++)
        {
            stdDevs[Domains + i] = 1.5;
            stdDevs[Domains + Rungs + i] = 3.0;
        }
        stdDevs[RateIndex] = 1.0;
        for (var k = 0; k < Rungs - 1; k++) stdDevs[RateIndex + 1 + k] = 0.75;
        stdDevs[^1] = 2.0;
        return new HyperparameterPrior(means, stdDevs);
    }

    /// <summary>The correlation matrix between rungs at parameters <paramref name="p"/> (row-major m × m).</summary>
    public double[] Correlations(IReadOnlyList<double> p)
    {
        var gaps = Gaps(p);
        var m = Rungs;
        var r = new double[m * m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
            {
                var sum = 0.0;
                for (var k = Math.Min(i, j); k < Math.Max(i, j); k++) sum += gaps[k];
                r[i * m + j] = Math.Exp(-sum);
            }
        return r;
    }

    /// <summary>g_k = λ·Δz_k·exp(δ_k) for each gap between consecutive rungs.</summary>
    public double[] Gaps(IReadOnlyList<double> p)
    {
        var rate = Math.Exp(p[RateIndex]);
        return Enumerable.Range(0, Rungs - 1).Select(k => rate * _gapShares[k] * Math.Exp(p[RateIndex + 1 + k])).ToArray();
    }

    /// <summary>The kernel input's rung index, as an integer.</summary>
    public int RungOf(ReadOnlySpan<double> input) => Math.Clamp((int)Math.Round(input[Domains]), 0, Rungs - 1);

    public IBoundKernel Bind(IReadOnlyList<double> p) => new Bound(this,
        Enumerable.Range(0, Domains).Select(j => Math.Exp(-p[j])).ToArray(),
        Enumerable.Range(0, Rungs).Select(i => Math.Exp(p[Domains + i])).ToArray(),
        Enumerable.Range(0, Rungs).Select(i => Math.Exp(p[Domains + Rungs + i])).ToArray(),
        Correlations(p));

    public void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> p, ReadOnlySpan<double> w, Span<double> gradient)
    {
        var d = Domains;
        var m = Rungs;
        var width = InputWidth;
        var inverse = Enumerable.Range(0, d).Select(j => Math.Exp(-p[j])).ToArray();
        var sigma = Enumerable.Range(0, m).Select(i => Math.Exp(p[Domains + i])).ToArray();
        var level = Enumerable.Range(0, m).Select(i => Math.Exp(p[Domains + m + i])).ToArray();
        var rho = Correlations(p);
        var gaps = Gaps(p);
        Span<double> scaled2 = stackalloc double[d];
        for (var a = 0; a < rows; a++)
        {
            var xa = x.Slice(a * width, width);
            var i = RungOf(xa);
            for (var b = a; b < rows; b++)
            {
                var xb = x.Slice(b * width, width);
                var j = RungOf(xb);
                double r2 = 0;
                for (var k = 0; k < d; k++)
                {
                    var s = (xa[k] - xb[k]) * inverse[k];
                    scaled2[k] = s * s;
                    r2 += scaled2[k];
                }
                // Off-diagonal pairs appear twice in the symmetric sum: ½·2 = 1; the diagonal once: ½.
                var weight = (a == b ? 0.5 : 1.0) * w[a * rows + b];
                var scale = sigma[i] * sigma[j] * rho[i * m + j];
                var common = weight * scale * Matern52.LengthscaleFactor(r2);
                for (var k = 0; k < d; k++) gradient[k] += common * scaled2[k];
                var shape = weight * scale * Matern52.Correlation(r2);
                gradient[d + i] += shape;
                gradient[d + j] += shape;
                if (i == j)
                {
                    gradient[d + m + i] += weight * level[i];
                    continue;
                }
                // ∂ρ_ij/∂log λ = −ρ_ij Σ g_k and ∂ρ_ij/∂δ_k = −ρ_ij g_k over the gaps between i and j.
                for (var k = Math.Min(i, j); k < Math.Max(i, j); k++)
                {
                    gradient[RateIndex] -= shape * gaps[k];
                    gradient[RateIndex + 1 + k] -= shape * gaps[k];
                }
            }
        }
    }

    private sealed class Bound(RungCoregionalizationKernel kernel, double[] inverse, double[] sigma, double[] level, double[] rho) : IBoundKernel
    {
        public double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            var d = kernel.Domains;
            double r2 = 0;
            for (var k = 0; k < d; k++)
            {
                var s = (a[k] - b[k]) * inverse[k];
                r2 += s * s;
            }
            var i = kernel.RungOf(a);
            var j = kernel.RungOf(b);
            var value = sigma[i] * sigma[j] * rho[i * kernel.Rungs + j] * Matern52.Correlation(r2);
            return i == j ? value + level[i] : value;
        }

        public double Variance(ReadOnlySpan<double> a)
        {
            var i = kernel.RungOf(a);
            return sigma[i] * sigma[i] + level[i];
        }

        public void Row(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> output)
        {
            var width = kernel.InputWidth;
            for (var r = 0; r < output.Length; r++) output[r] = Evaluate(a, x.Slice(r * width, width));
        }
    }
}

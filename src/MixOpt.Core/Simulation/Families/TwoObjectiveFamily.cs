using MathNet.Numerics.Distributions;
using MixOpt.Core.Mixtures;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Randomness;

namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// A two-objective problem over the simplex with a known Pareto front, for tests and the multi-objective benchmark:
/// <c>f_k(w) = c_k + s_k·‖w − a_k‖²</c> for two anchor mixtures a₁, a₂ drawn inside the simplex. Both objectives are
/// isotropic convex quadratics, so the Pareto set is exactly the segment a₁ → a₂ (a point off it moves closer to both
/// anchors by projecting onto the segment's line) and it lies in the simplex; along it
/// <c>f₁ = c₁ + s₁·t²·D²</c>, <c>f₂ = c₂ + s₂·(1 − t)²·D²</c> with D = ‖a₁ − a₂‖, t ∈ [0, 1]. Both are minimized.
/// Pure and deterministic in (domains, seed, noise).
/// </summary>
public sealed class TwoObjectiveFamily
{
    /// <summary>The metric names the two objectives report.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["f1", "f2"];

    private readonly double[][] _anchors;
    private readonly double[] _c;
    private readonly double[] _s;

    private TwoObjectiveFamily(int domains, int seed, double noiseStd)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(domains, 2);
        if (!double.IsFinite(noiseStd) || noiseStd < 0) throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, "Noise must be finite and >= 0.");
        Domains = domains;
        Seed = seed;
        NoiseStd = noiseStd;
        var random = new Random(SeedMixer.Mix(seed, 0x2F0B, domains));
        // Anchors far enough apart that the front spans a real trade-off.
        do _anchors = [Flat(domains, random), Flat(domains, random)];
        while (Distance(_anchors[0], _anchors[1]) < 0.3);
        _c = [1.5 + random.NextDouble(), 1.5 + random.NextDouble()];
        _s = [1 + 2 * random.NextDouble(), 1 + 2 * random.NextDouble()];
        var d2 = Math.Pow(Distance(_anchors[0], _anchors[1]), 2);
        // The worst values on the front plus a tenth of its range: the front's extremes still count.
        Reference = [_c[0] + 1.1 * _s[0] * d2, _c[1] + 1.1 * _s[1] * d2];
    }

    public int Domains { get; }
    public int Seed { get; }
    public double NoiseStd { get; }

    /// <summary>The fixed reference point hypervolumes of this problem are measured against.</summary>
    public IReadOnlyList<double> Reference { get; }

    /// <summary>The two anchor mixtures (each objective's minimizer).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Anchors => _anchors;

    public static TwoObjectiveFamily Create(int domains, int seed, double noiseStd = 0) => new(domains, seed, noiseStd);

    /// <summary>Noise-free objective values at <paramref name="w"/>.</summary>
    public double[] Expected(IReadOnlyList<double> w)
    {
        if (w.Count != Domains) throw new ArgumentException($"Mixture has {w.Count} weights; the problem has {Domains} domains.");
        return [_c[0] + _s[0] * SquaredDistance(w, _anchors[0]), _c[1] + _s[1] * SquaredDistance(w, _anchors[1])];
    }

    /// <summary>One noisy evaluation, noise drawn from <paramref name="noiseSeed"/>.</summary>
    public double[] Sample(IReadOnlyList<double> w, int noiseSeed)
    {
        var values = Expected(w);
        if (NoiseStd == 0) return values;
        var random = new Random(noiseSeed);
        for (var k = 0; k < values.Length; k++) values[k] += Normal.Sample(random, 0, NoiseStd);
        return values;
    }

    /// <summary>The Pareto-optimal mixture at position <paramref name="t"/> ∈ [0, 1] of the segment a₁ → a₂.</summary>
    public Mixture FrontMixture(double t)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(t, 1);
        return Mixture.Normalize(_anchors[0].Zip(_anchors[1], (x, y) => x + t * (y - x)).ToArray());
    }

    /// <summary><paramref name="count"/> points of the true front (t evenly spaced), in objective space.</summary>
    public IReadOnlyList<double[]> TrueFront(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        return Enumerable.Range(0, count).Select(i => Expected(FrontMixture(i / (double)(count - 1)).Weights)).ToArray();
    }

    /// <summary>The hypervolume of the true front against <see cref="Reference"/> (a dense sample of it: within 0.1%).</summary>
    public double TrueHypervolume() => Hypervolume.Of(TrueFront(4001), Reference);

    private static double[] Flat(int n, Random random)
    {
        var w = Enumerable.Range(0, n).Select(_ => -Math.Log(1.0 - random.NextDouble())).ToArray();
        var sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    private static double SquaredDistance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Count; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    private static double Distance(IReadOnlyList<double> a, IReadOnlyList<double> b) => Math.Sqrt(SquaredDistance(a, b));
}

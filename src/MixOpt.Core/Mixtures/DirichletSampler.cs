using MathNet.Numerics.Distributions;

namespace MixOpt.Core.Mixtures;

/// <summary>
/// Draws mixtures from a Dirichlet distribution centred on a prior (uniform unless given),
/// with a concentration that controls how far draws stray from it. Seeded and deterministic.
/// </summary>
public sealed class DirichletSampler
{
    private readonly double[] _alpha;
    private readonly Random _random;

    public DirichletSampler(IReadOnlyList<double> prior, double concentration, int seed)
    {
        if (prior.Count < 2) throw new ArgumentException("A Dirichlet over mixtures needs at least 2 domains.", nameof(prior));
        if (!(concentration > 0) || !double.IsFinite(concentration))
            throw new ArgumentOutOfRangeException(nameof(concentration), concentration, "Concentration must be a positive finite number.");
        var centre = Mixture.Normalize(prior);
        // Each alpha stays strictly positive so the distribution is proper even for a zero prior weight.
        _alpha = centre.Weights.Select(p => Math.Max(p * concentration * prior.Count, 1e-3)).ToArray();
        _random = new Random(seed);
    }

    public static DirichletSampler Uniform(int domains, double concentration, int seed) =>
        new(Enumerable.Repeat(1.0, domains).ToArray(), concentration, seed);

    public Mixture Next()
    {
        var draw = Dirichlet.Sample(_random, _alpha);
        return Mixture.Normalize(draw);
    }
}

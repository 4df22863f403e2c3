namespace MixOpt.Core.Mixtures;

/// <summary>
/// Mixtures uniformly distributed over the feasible simplex (a flat Dirichlet inside the constraints):
/// the random-search and uniform baselines draw from it.
/// </summary>
public sealed class UniformSimplexSampler : IMixtureSampler
{
    private readonly double[] _alpha;
    private readonly MixtureConstraints _constraints;
    private readonly Random _random;

    public UniformSimplexSampler(int domains, int seed, MixtureConstraints? constraints = null)
    {
        if (domains < 2) throw new ArgumentException($"A mixture needs at least 2 domains, got {domains}.", nameof(domains));
        _constraints = constraints ?? MixtureConstraints.None(domains);
        if (_constraints.Domains != domains) throw new ArgumentException("Constraints are over a different number of domains.", nameof(constraints));
        _alpha = Enumerable.Repeat(1.0, domains).ToArray();
        _random = new Random(seed);
    }

    public int Domains => _alpha.Length;

    public IReadOnlyList<Mixture> Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<Mixture>(count);
        var row = new double[Domains];
        for (var misses = 0; result.Count < count && misses < 1000 + 10 * count;)
        {
            ConstrainedDirichlet.Draw(_random, _alpha, _constraints, row);
            var m = Mixture.Normalize(row);
            if (result.Any(r => r.Equals(m))) { misses++; continue; }
            result.Add(m);
        }
        return result;
    }

    /// <summary>Fills <paramref name="rows"/> (row-major) with feasible uniform draws.</summary>
    public void Fill(Span<double> rows)
    {
        for (var offset = 0; offset + Domains <= rows.Length; offset += Domains)
            ConstrainedDirichlet.Draw(_random, _alpha, _constraints, rows.Slice(offset, Domains));
    }
}

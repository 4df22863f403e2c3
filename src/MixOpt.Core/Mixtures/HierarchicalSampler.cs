namespace MixOpt.Core.Mixtures;

/// <summary>
/// Distinct flat mixtures drawn level by level from a <see cref="MixtureHierarchy"/> (a Dirichlet per group
/// around its token shares, inside the group's bounds). Seeded at construction.
/// </summary>
public sealed class HierarchicalSampler(MixtureHierarchy hierarchy, int seed, double concentration = 1.0) : IMixtureSampler
{
    private readonly Random _random = new(seed);

    public int Domains => hierarchy.Domains;

    public IReadOnlyList<Mixture> Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<Mixture>(count);
        var row = new double[Domains];
        for (var misses = 0; result.Count < count && misses < 1000 + 10 * count;)
        {
            hierarchy.Draw(_random, concentration, row);
            var m = Mixture.Normalize(row);
            if (result.Any(r => r.Equals(m))) { misses++; continue; }
            result.Add(m);
        }
        return result;
    }
}

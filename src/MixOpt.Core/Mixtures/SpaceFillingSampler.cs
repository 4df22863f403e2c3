namespace MixOpt.Core.Mixtures;

/// <summary>
/// A space-filling initial design: greedy maximin selection from a large set of uniform feasible draws. Each pick
/// is the candidate farthest from everything chosen so far (and from points already run, when given), so a small
/// design spreads over the feasible simplex instead of clumping like independent draws do.
/// </summary>
public sealed class SpaceFillingSampler : IMixtureSampler
{
    private readonly UniformSimplexSampler _candidates;
    private readonly int _candidatesPerPoint;
    private readonly IReadOnlyList<Mixture> _avoid;

    public SpaceFillingSampler(int domains, int seed, MixtureConstraints? constraints = null, IReadOnlyList<Mixture>? existing = null, int candidatesPerPoint = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidatesPerPoint, 1);
        _candidates = new UniformSimplexSampler(domains, seed, constraints);
        _candidatesPerPoint = candidatesPerPoint;
        _avoid = existing ?? [];
    }

    public int Domains => _candidates.Domains;

    public IReadOnlyList<Mixture> Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return [];
        var d = Domains;
        var poolSize = Math.Clamp(count * _candidatesPerPoint, 256, 20_000);
        var pool = new double[poolSize * d];
        _candidates.Fill(pool);
        // Distance of each candidate to its nearest chosen (or existing) point.
        var nearest = new double[poolSize];
        Array.Fill(nearest, double.PositiveInfinity);
        foreach (var e in _avoid) Tighten(pool, nearest, e.ToArray());
        var chosen = new List<Mixture>(count);
        while (chosen.Count < count)
        {
            var best = -1;
            for (var c = 0; c < poolSize; c++)
                if (nearest[c] > 1e-12 && (best < 0 || nearest[c] > nearest[best])) best = c;
            if (best < 0) break;
            var row = pool.AsSpan(best * d, d).ToArray();
            chosen.Add(Mixture.Normalize(row));
            Tighten(pool, nearest, row);
        }
        return chosen;
    }

    private void Tighten(double[] pool, double[] nearest, double[] point)
    {
        var d = Domains;
        for (var c = 0; c < nearest.Length; c++)
        {
            var s = 0.0;
            for (var j = 0; j < d; j++)
            {
                var diff = pool[c * d + j] - point[j];
                s += diff * diff;
            }
            if (s < nearest[c]) nearest[c] = s;
        }
    }
}

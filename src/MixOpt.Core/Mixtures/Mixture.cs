namespace MixOpt.Core.Mixtures;

/// <summary>
/// A point on the simplex over a study's domains: proportions are non-negative and sum to one.
/// Stored exactly as given (after validation); compared with <see cref="Tolerance"/>.
/// </summary>
public sealed class Mixture : IEquatable<Mixture>
{
    /// <summary>How far from 1 the sum of proportions may be before a mixture is rejected.</summary>
    public const double Tolerance = 1e-6;

    private readonly double[] _weights;

    private Mixture(double[] weights) => _weights = weights;

    public IReadOnlyList<double> Weights => _weights;

    public int Count => _weights.Length;

    public double this[int index] => _weights[index];

    /// <summary>Validates that <paramref name="weights"/> lie on the simplex; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static Mixture Create(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count < 2)
            throw new ArgumentException($"A mixture needs at least 2 domains, got {weights.Count}.", nameof(weights));
        var copy = new double[weights.Count];
        double sum = 0;
        for (var i = 0; i < copy.Length; i++)
        {
            var w = weights[i];
            if (!double.IsFinite(w))
                throw new ArgumentException($"Mixture weight {i} is {w}; weights must be finite.", nameof(weights));
            if (w < 0)
                throw new ArgumentException($"Mixture weight {i} is {w}; weights must be >= 0.", nameof(weights));
            copy[i] = w;
            sum += w;
        }
        if (Math.Abs(sum - 1.0) > Tolerance)
            throw new ArgumentException($"Mixture weights sum to {sum:R}; they must sum to 1 (within {Tolerance}).", nameof(weights));
        return new Mixture(copy);
    }

    /// <summary>Scales non-negative weights so they sum to one (used for samplers and rounded published data).</summary>
    public static Mixture Normalize(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = 0.0;
        foreach (var w in weights)
        {
            if (!double.IsFinite(w) || w < 0)
                throw new ArgumentException($"Cannot normalize weight {w}; weights must be finite and >= 0.", nameof(weights));
            sum += w;
        }
        if (sum <= 0)
            throw new ArgumentException("Cannot normalize a mixture whose weights are all zero.", nameof(weights));
        var copy = new double[weights.Count];
        for (var i = 0; i < copy.Length; i++) copy[i] = weights[i] / sum;
        return Create(copy);
    }

    public static Mixture Uniform(int domains) => Create(Enumerable.Repeat(1.0 / domains, domains).ToArray());

    public double[] ToArray() => (double[])_weights.Clone();

    /// <summary>Largest absolute difference between two mixtures over the same domains.</summary>
    public double Distance(Mixture other)
    {
        if (other.Count != Count) throw new ArgumentException("Mixtures are over different numbers of domains.", nameof(other));
        var d = 0.0;
        for (var i = 0; i < _weights.Length; i++) d = Math.Max(d, Math.Abs(_weights[i] - other._weights[i]));
        return d;
    }

    public bool Equals(Mixture? other) => other is not null && other.Count == Count && Distance(other) <= Tolerance;

    public override bool Equals(object? obj) => obj is Mixture m && Equals(m);

    // Equality is tolerance-based, so the hash can only depend on the dimension.
    public override int GetHashCode() => Count;

    public override string ToString() => "[" + string.Join(", ", _weights.Select(w => w.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))) + "]";
}

namespace MixOpt.Core.Mixtures;

/// <summary>
/// RegMix's mixture sampler (Liu et al. 2024): a Dirichlet centred on the natural token distribution raised to a
/// temperature, with a concentration drawn per mixture from log-spaced strengths (0.1 to 5 by default) so the
/// design covers both near-natural mixtures and sparse, extreme ones. Tiny shares are zeroed, draws that break
/// the constraints (epoch caps included) are rejected, and <see cref="Sample"/> returns distinct mixtures.
/// </summary>
public sealed class RegMixSampler : IMixtureSampler
{
    private readonly double[] _prior;
    private readonly double[] _strengths;
    private readonly MixtureConstraints _constraints;
    private readonly double _zeroBelow;
    private readonly int _seed;
    private readonly Random _random;

    /// <param name="naturalWeights">Token share of each domain (any positive scale); null = uniform.</param>
    /// <param name="temperature">Exponent on the natural distribution: 1 keeps it, 0 flattens it to uniform.</param>
    public RegMixSampler(
        int domains,
        int seed,
        IReadOnlyList<double>? naturalWeights = null,
        MixtureConstraints? constraints = null,
        double temperature = 0.5,
        double minStrength = 0.1,
        double maxStrength = 5.0,
        int strengthLevels = 15,
        double zeroBelow = 1e-3)
    {
        if (domains < 2) throw new ArgumentException($"A mixture needs at least 2 domains, got {domains}.", nameof(domains));
        if (!double.IsFinite(temperature) || temperature < 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be finite and >= 0.");
        if (!(minStrength > 0) || !(maxStrength >= minStrength) || !double.IsFinite(maxStrength))
            throw new ArgumentException($"Strengths must satisfy 0 < min <= max, got {minStrength}..{maxStrength}.");
        if (strengthLevels < 1) throw new ArgumentOutOfRangeException(nameof(strengthLevels), strengthLevels, "At least one strength level is needed.");
        if (naturalWeights is not null && naturalWeights.Count != domains)
            throw new ArgumentException($"Expected {domains} natural weights, got {naturalWeights.Count}.", nameof(naturalWeights));
        _constraints = constraints ?? MixtureConstraints.None(domains);
        if (_constraints.Domains != domains) throw new ArgumentException("Constraints are over a different number of domains.", nameof(constraints));

        var natural = Mixture.Normalize(naturalWeights ?? Enumerable.Repeat(1.0, domains).ToArray());
        _prior = Mixture.Normalize(natural.Weights.Select(w => Math.Pow(w, temperature)).ToArray()).ToArray();
        _strengths = Enumerable.Range(0, strengthLevels)
            .Select(i => strengthLevels == 1 ? minStrength : minStrength * Math.Pow(maxStrength / minStrength, i / (double)(strengthLevels - 1)))
            .ToArray();
        _zeroBelow = zeroBelow;
        _seed = seed;
        _random = new Random(seed);
    }

    public int Domains => _prior.Length;

    public IReadOnlyList<double> Prior => _prior;

    public IReadOnlyList<Mixture> Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<Mixture>(count);
        var row = new double[Domains];
        // Duplicates are rare but possible (sparse draws); give up after many in a row rather than loop forever.
        for (var misses = 0; result.Count < count && misses < 1000 + 10 * count;)
        {
            DrawInto(_random, row);
            var m = Mixture.Normalize(row);
            if (result.Any(r => r.Equals(m))) { misses++; continue; }
            result.Add(m);
        }
        return result;
    }

    /// <summary>
    /// Fills <paramref name="rows"/> (row-major, <c>count × Domains</c>) with candidate mixtures for scoring;
    /// <paramref name="chunk"/> selects an independent stream, so chunks can be drawn in parallel and still
    /// be deterministic. Candidates are not de-duplicated (a repeat only repeats a score).
    /// </summary>
    public void Fill(Span<double> rows, int chunk)
    {
        var random = new Random(Randomness.SeedMixer.Mix(_seed, chunk, 0x2E61));
        for (var offset = 0; offset + Domains <= rows.Length; offset += Domains)
            DrawInto(random, rows.Slice(offset, Domains));
    }

    private void DrawInto(Random random, Span<double> row)
    {
        var strength = _strengths[random.Next(_strengths.Length)];
        Span<double> alpha = stackalloc double[Domains];
        // alpha sums to the strength: small strengths give sparse mixtures, large ones stay near the prior.
        for (var i = 0; i < alpha.Length; i++) alpha[i] = Math.Max(strength * _prior[i], 1e-6);
        ConstrainedDirichlet.Draw(random, alpha, _constraints, row, _zeroBelow);
    }
}

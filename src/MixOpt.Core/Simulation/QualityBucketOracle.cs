using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Simulation;

/// <summary>
/// The mixing-law oracle extended with known quality buckets: D domains, each cut into K buckets of equal tokens
/// (<c>d/q1</c> … <c>d/qK</c>, lowest quality first). The D×D law of <see cref="SimulatorParameters"/> for the domains
/// becomes a law over the D·K buckets where bucket k of domain d acts like its domain plus a quality term:
/// <c>T[(i,·)][(d,k)] = T_id − β_d·q_k</c>, with <c>q_k = 2(k − ½)/K − 1</c> ∈ (−1, 1) and β_d ~ U(0.3, 1.2) drawn
/// from the seed, so better buckets lower every loss and worse ones raise it. Every bucket of domain i reports
/// domain i's loss, so the mean loss over buckets is the mean over domains. A domain-only (flat) mixture trains
/// on each domain's buckets in their token shares (1/K each); there the quality terms cancel (Σ q_k = 0) and the
/// oracle is exactly the plain D-domain law, whose best mixture a bucketed space can beat by choosing quality.
/// </summary>
public sealed class QualityBucketOracle
{
    private QualityBucketOracle(int domains, int buckets, MixingLawOracle oracle, IReadOnlyList<double> beta)
    {
        Domains = domains; Buckets = buckets; Oracle = oracle; QualityWeight = beta;
        DomainNames = Enumerable.Range(0, domains).Select(d => $"d{d}").ToArray();
        BucketNames = DomainNames.SelectMany(d => Enumerable.Range(1, buckets).Select(q => $"{d}/q{q}")).ToArray();
    }

    public int Domains { get; }

    public int Buckets { get; }

    /// <summary>β_d: how much quality matters in each domain.</summary>
    public IReadOnlyList<double> QualityWeight { get; }

    /// <summary>The law over the D·K buckets (domain-major: d0/q1 … d0/qK, d1/q1 …).</summary>
    public MixingLawOracle Oracle { get; }

    public IReadOnlyList<string> DomainNames { get; }

    public IReadOnlyList<string> BucketNames { get; }

    public static QualityBucketOracle Create(int domains, int buckets, int seed, double noiseStd = 0.02)
    {
        if (domains < 2) throw new ArgumentException($"At least 2 domains are needed, got {domains}.", nameof(domains));
        if (buckets < 2) throw new ArgumentException($"At least 2 buckets are needed, got {buckets}.", nameof(buckets));
        var law = SimulatorParameters.Resolve(null, domains, seed);
        var random = new Random(SeedMixer.Mix(seed, 0x0B0C));
        var beta = Enumerable.Range(0, domains).Select(_ => 0.3 + 0.9 * random.NextDouble()).ToArray();
        double Quality(int k) => 2 * (k + 0.5) / buckets - 1;
        var n = domains * buckets;
        var c = new double[n];
        var scale = new double[n];
        var t = new double[n][];
        for (var row = 0; row < n; row++)
        {
            var i = row / buckets;
            c[row] = law.C![i];
            scale[row] = law.K![i];
            t[row] = new double[n];
            for (var col = 0; col < n; col++) t[row][col] = law.T![i][col / buckets] - beta[col / buckets] * Quality(col % buckets);
        }
        var spec = new SimulatorSpec { C = c, K = scale, T = t, NoiseStd = noiseStd };
        return new QualityBucketOracle(domains, buckets, MixingLawOracle.Create(spec, n, seed), beta);
    }

    /// <summary>A domain-only mixture as the bucket mixture it trains on (each domain's buckets in equal shares).</summary>
    public Mixture Expand(Mixture domainMixture)
    {
        if (domainMixture.Count != Domains) throw new ArgumentException($"Expected {Domains} domain weights, got {domainMixture.Count}.", nameof(domainMixture));
        return Mixture.Normalize(Enumerable.Range(0, Domains * Buckets).Select(j => domainMixture[j / Buckets] / Buckets).ToArray());
    }

    /// <summary>The groups of the hierarchical space: one per domain, holding its buckets.</summary>
    public IReadOnlyList<GroupSpec> Groups() =>
        [.. DomainNames.Select((d, i) => new GroupSpec { Name = d, Domains = BucketNames.Skip(i * Buckets).Take(Buckets).ToArray() })];
}

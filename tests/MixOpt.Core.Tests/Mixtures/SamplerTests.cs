using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.Mixtures;

public class SamplerTests
{
    private static readonly MixtureConstraints Tight = MixtureConstraints.Create(5,
        minimum: [0.05, 0, 0.1, 0, 0], maximum: [0.6, 0.3, 1, 1, 1],
        domainTokens: [null, null, null, 20, null], maxEpochs: 1, runTokens: 100);

    public static TheoryData<string> Samplers => ["regmix", "uniform", "space-filling"];

    private static IMixtureSampler Create(string kind, int seed, MixtureConstraints? constraints = null) => kind switch
    {
        "regmix" => new RegMixSampler(5, seed, [1, 2, 3, 4, 50], constraints),
        "uniform" => new UniformSimplexSampler(5, seed, constraints),
        _ => new SpaceFillingSampler(5, seed, constraints),
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Every_draw_honours_bounds_and_epoch_caps(string kind)
    {
        var mixtures = Create(kind, 11, Tight).Sample(200);
        Assert.Equal(200, mixtures.Count);
        foreach (var m in mixtures)
        {
            Assert.True(Tight.IsSatisfiedBy(m, 1e-9), m.ToString());
            Assert.Equal(1.0, m.Weights.Sum(), 9);
            Assert.True(m[3] <= 0.2 + 1e-9, "epoch cap on domain 3");
        }
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Same_seed_same_mixtures_other_seed_other_mixtures(string kind)
    {
        var a = Create(kind, 5).Sample(20);
        var b = Create(kind, 5).Sample(20);
        var c = Create(kind, 6).Sample(20);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Draws_are_distinct(string kind)
    {
        var mixtures = Create(kind, 9).Sample(100);
        for (var i = 0; i < mixtures.Count; i++)
            for (var j = i + 1; j < mixtures.Count; j++)
                Assert.False(mixtures[i].Equals(mixtures[j]), $"draws {i} and {j} are equal");
    }

    [Fact]
    public void RegMix_prior_is_the_natural_distribution_at_the_temperature_and_draws_follow_it()
    {
        var sampler = new RegMixSampler(3, 1, [1, 4, 16], temperature: 0.5);
        // sqrt(1, 4, 16) = (1, 2, 4) / 7
        Assert.Equal([1 / 7.0, 2 / 7.0, 4 / 7.0], sampler.Prior.Select(p => Math.Round(p, 12)).ToArray(), new RoundedComparer());
        var mean = new double[3];
        var draws = sampler.Sample(3000);
        foreach (var m in draws)
            for (var j = 0; j < 3; j++) mean[j] += m[j] / draws.Count;
        Assert.True(mean[2] > mean[1] && mean[1] > mean[0], string.Join(",", mean));
        // Small concentrations give sparse mixtures: tiny shares are zeroed.
        Assert.Contains(draws, m => m.Weights.Count(w => w == 0) >= 1);
    }

    [Fact]
    public void Space_filling_design_spreads_out_more_than_independent_draws()
    {
        static double MinDistance(IReadOnlyList<Mixture> ms)
        {
            var best = double.PositiveInfinity;
            for (var i = 0; i < ms.Count; i++)
                for (var j = i + 1; j < ms.Count; j++)
                    best = Math.Min(best, Math.Sqrt(ms[i].Weights.Zip(ms[j].Weights, (a, b) => (a - b) * (a - b)).Sum()));
            return best;
        }
        var filled = MinDistance(new SpaceFillingSampler(4, 3).Sample(20));
        var independent = Enumerable.Range(0, 5).Average(s => MinDistance(new UniformSimplexSampler(4, s).Sample(20)));
        Assert.True(filled > 1.5 * independent, $"maximin {filled:F3} vs independent {independent:F3}");
    }

    [Fact]
    public void Fill_is_deterministic_per_chunk()
    {
        var sampler = new RegMixSampler(4, 2);
        var a = new double[400];
        var b = new double[400];
        sampler.Fill(a, chunk: 3);
        new RegMixSampler(4, 2).Fill(b, chunk: 3);
        Assert.Equal(a, b);
        new RegMixSampler(4, 2).Fill(b, chunk: 4);
        Assert.NotEqual(a, b);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }
}

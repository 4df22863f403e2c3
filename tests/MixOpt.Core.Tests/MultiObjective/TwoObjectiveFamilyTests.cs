using MixOpt.Core.Mixtures;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Simulation.Families;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class TwoObjectiveFamilyTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    public void The_known_front_is_recovered_from_a_sample_that_contains_it(int domains, int seed)
    {
        var family = TwoObjectiveFamily.Create(domains, seed);
        var random = new UniformSimplexSampler(domains, seed).Sample(2000).Select(m => family.Expected(m.Weights)).ToArray();
        var front = family.TrueFront(50);
        var all = front.Concat(random).Select(p => (IReadOnlyList<double>)p).ToArray();
        var indices = ParetoFront.Indices(all, [true, true]);
        // Every true front point is on the front of the sample, and no random mixture beats the true front.
        Assert.Equal(Enumerable.Range(0, front.Count), indices.Where(i => i < front.Count));
        foreach (var i in indices.Where(i => i >= front.Count))
            Assert.DoesNotContain(front, f => ParetoFront.Dominates(all[i].ToArray(), f));
        Assert.True(Hypervolume.Of(random, family.Reference) <= family.TrueHypervolume() * 1.001);
    }

    [Fact]
    public void Each_anchor_minimizes_its_objective_and_the_front_ends_there()
    {
        var family = TwoObjectiveFamily.Create(4, 11);
        var first = family.Expected(family.FrontMixture(0).Weights);
        var last = family.Expected(family.FrontMixture(1).Weights);
        var sample = new UniformSimplexSampler(4, 1).Sample(500).Select(m => family.Expected(m.Weights)).ToArray();
        Assert.All(sample, v => Assert.True(v[0] >= first[0] - 1e-12 && v[1] >= last[1] - 1e-12));
        Assert.True(first[1] > last[1] && first[0] < last[0], "the two ends trade one objective for the other");
    }

    [Fact]
    public void Noise_is_seeded()
    {
        var family = TwoObjectiveFamily.Create(3, 1, noiseStd: 0.1);
        var w = Mixture.Uniform(3).Weights;
        Assert.Equal(family.Sample(w, 5), family.Sample(w, 5));
        Assert.NotEqual(family.Sample(w, 5), family.Sample(w, 6));
    }
}

using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.Mixtures;

public class MixtureConstraintsTests
{
    [Fact]
    public void Minimums_summing_above_one_are_rejected_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentException>(() => MixtureConstraints.Create(3, minimum: [0.5, 0.4, 0.3]));
        Assert.Contains("minimums sum", e.Message);
    }

    [Fact]
    public void Epoch_caps_that_no_mixture_can_meet_are_rejected()
    {
        // Each domain has 10 tokens, a run needs 100, at most 2 epochs: at most 0.2 per domain, 0.6 in total.
        var e = Assert.Throws<ArgumentException>(() =>
            MixtureConstraints.Create(3, domainTokens: [10, 10, 10], maxEpochs: 2, runTokens: 100));
        Assert.Contains("epoch caps", e.Message);
    }

    [Fact]
    public void A_minimum_above_its_own_cap_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => MixtureConstraints.Create(2, minimum: [0.6, 0], maximum: [0.5, 1]));
        Assert.Contains("Domain 0", e.Message);
    }

    [Fact]
    public void Epoch_cap_becomes_an_upper_bound()
    {
        var c = MixtureConstraints.Create(3, domainTokens: [10, null, 1000], maxEpochs: 4, runTokens: 100);
        Assert.Equal(0.4, c.Upper[0], 12);
        Assert.Equal(1.0, c.Upper[1]);
        Assert.Equal(1.0, c.Upper[2]);
    }

    [Fact]
    public void Projection_lands_inside_the_bounds_on_the_simplex()
    {
        var c = MixtureConstraints.Create(4, minimum: [0.1, 0, 0, 0.05], maximum: [0.3, 0.5, 1, 1]);
        var random = new Random(3);
        for (var k = 0; k < 200; k++)
        {
            var w = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 3 - 1).ToArray();
            c.Project(w);
            Assert.True(c.IsSatisfiedBy(w, 1e-9), string.Join(",", w));
            Assert.Equal(1.0, w.Sum(), 9);
        }
    }

    [Fact]
    public void Projection_keeps_a_feasible_point_where_it_is()
    {
        var c = MixtureConstraints.Create(3, minimum: [0.1, 0.1, 0.1]);
        var w = new[] { 0.2, 0.3, 0.5 };
        c.Project(w);
        Assert.Equal([0.2, 0.3, 0.5], w.Select(v => Math.Round(v, 12)));
    }
}

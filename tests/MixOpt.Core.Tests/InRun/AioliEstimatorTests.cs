using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.InRun;

/// <summary>The Aioli round math: the interaction matrix of a synthetic linear law is recovered, and updates stay feasible.</summary>
public class AioliEstimatorTests
{
    private static double[,] RandomInteractions(int domains, int seed)
    {
        var random = new Random(seed);
        var a = new double[domains, domains];
        for (var j = 0; j < domains; j++)
            for (var i = 0; i < domains; i++)
                a[j, i] = (i == j ? 0.5 : 0) + random.NextDouble() * 0.2 - 0.05;
        return a;
    }

    private static double[] LossChange(double[,] a, IReadOnlyList<double> p) =>
        Enumerable.Range(0, p.Count).Select(j => -Enumerable.Range(0, p.Count).Sum(i => a[j, i] * p[i])).ToArray();

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(8, 3)]
    public void Recovers_a_known_interaction_matrix_from_noise_free_probes(int domains, int seed)
    {
        var truth = RandomInteractions(domains, seed);
        var current = Mixture.Uniform(domains).ToArray();
        var constraints = MixtureConstraints.None(domains);
        var probes = Enumerable.Range(0, domains).Select(d => (IReadOnlyList<double>)AioliEstimator.ProbeMixture(d, current, 0.5, constraints)).ToArray();
        var changes = probes.Select(p => (IReadOnlyList<double>)LossChange(truth, p)).ToArray();

        var fitted = AioliEstimator.FitInteractionMatrix(probes, changes);

        for (var j = 0; j < domains; j++)
            for (var i = 0; i < domains; i++)
                Assert.Equal(truth[j, i], fitted[j, i], 1e-6);
    }

    [Fact]
    public void Noisy_probes_over_several_sweeps_still_estimate_the_matrix_closely()
    {
        const int domains = 4;
        var truth = RandomInteractions(domains, 7);
        var random = new Random(11);
        var current = new[] { 0.4, 0.3, 0.2, 0.1 };
        var constraints = MixtureConstraints.None(domains);
        var probes = new List<IReadOnlyList<double>>();
        var changes = new List<IReadOnlyList<double>>();
        for (var sweep = 0; sweep < 50; sweep++)
            for (var d = 0; d < domains; d++)
            {
                var p = AioliEstimator.ProbeMixture(d, current, 0.3, constraints);
                probes.Add(p);
                changes.Add(LossChange(truth, p).Select(x => x + (random.NextDouble() - 0.5) * 0.01).ToArray());
            }

        var fitted = AioliEstimator.FitInteractionMatrix(probes, changes);

        for (var j = 0; j < domains; j++)
            for (var i = 0; i < domains; i++)
                Assert.Equal(truth[j, i], fitted[j, i], 0.01);
    }

    [Fact]
    public void Too_few_probes_or_a_non_finite_change_is_refused_with_the_reason()
    {
        var p = new[] { 0.5, 0.5 };
        var one = Assert.Throws<ArgumentException>(() => AioliEstimator.FitInteractionMatrix([p], [new[] { -0.1, -0.1 }]));
        Assert.Contains("at least 2 probes", one.Message);
        var nan = Assert.Throws<ArgumentException>(() => AioliEstimator.FitInteractionMatrix([p, new[] { 0.9, 0.1 }], [new[] { -0.1, double.NaN }, new[] { 0.0, 0.0 }]));
        Assert.Contains("finite", nan.Message);
    }

    [Fact]
    public void The_update_raises_the_domain_whose_training_helps_every_domain_most()
    {
        var a = new double[3, 3];
        for (var j = 0; j < 3; j++) a[j, 2] = 0.3; // domain 2 lowers every loss
        a[0, 0] = 0.1;
        var next = AioliEstimator.Update([1 / 3.0, 1 / 3.0, 1 / 3.0], a, 0.5, MixtureConstraints.None(3));
        Assert.True(next[2] > 1 / 3.0 + 0.05, $"domain 2 got {next[2]}");
        Assert.True(next[1] < next[0], "domain 1 helps nothing, so it falls furthest");
        Assert.Equal(1.0, next.Sum(), 12);
    }

    [Fact]
    public void Updates_stay_on_the_simplex_and_within_the_bounds_over_many_rounds()
    {
        const int domains = 5;
        var constraints = MixtureConstraints.Create(domains, minimum: [0.05, 0, 0.1, 0, 0], maximum: [1, 0.3, 1, 0.25, 0.4]);
        var random = new Random(3);
        var p = Mixture.Uniform(domains).ToArray();
        constraints.Project(p);
        for (var round = 0; round < 200; round++)
        {
            var a = RandomInteractions(domains, random.Next());
            a[random.Next(domains), random.Next(domains)] += random.NextDouble() * 5 - 2.5;
            p = AioliEstimator.Update(p, a, 2.0, constraints);
            Assert.Equal(1.0, p.Sum(), 9);
            Assert.True(constraints.IsSatisfiedBy(p, 1e-9), $"round {round}: [{string.Join(", ", p)}] breaks the bounds");
            Assert.All(p, w => Assert.True(w >= 0 && double.IsFinite(w)));
        }
    }

    [Fact]
    public void Probe_mixtures_respect_the_constraints()
    {
        var constraints = MixtureConstraints.Create(3, maximum: [0.5, 1, 1]);
        var probe = AioliEstimator.ProbeMixture(0, [0.2, 0.4, 0.4], 0.1, constraints);
        Assert.True(constraints.IsSatisfiedBy(probe));
        Assert.Equal(0.5, probe[0], 9);
        Assert.Equal(1.0, probe.Sum(), 12);
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests;

public sealed class MixingLawOracleTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void The_reported_optimum_is_at_least_as_good_as_every_random_mixture(int seed)
    {
        var oracle = MixingLawOracle.Create(null, Names.Length, seed);
        var objective = new ObjectiveSpec();
        var (best, value) = oracle.Optimum(objective, Names);

        Assert.Equal(value, oracle.Objective(best, objective, Names), 12);
        var sampler = DirichletSampler.Uniform(Names.Length, 0.5, seed);
        for (var i = 0; i < 5000; i++)
        {
            var m = sampler.Next();
            Assert.True(oracle.Objective(m, objective, Names) >= value - 1e-7, $"{m} beats the optimum {best}");
        }
    }

    [Fact]
    public void A_single_domain_objective_is_optimized_for_that_domain()
    {
        var oracle = MixingLawOracle.Create(null, Names.Length, 3);
        var objective = new ObjectiveSpec { Metric = ObjectiveSpec.LossMetric("c") };
        var (best, value) = oracle.Optimum(objective, Names);
        var mean = oracle.Optimum(new ObjectiveSpec(), Names);
        Assert.True(value <= oracle.Objective(mean.Mixture, objective, Names) + 1e-9);
        Assert.Equal(value, oracle.ExpectedLosses(best)[2], 12);
    }

    [Fact]
    public void Samples_are_deterministic_per_noise_seed_and_cheaper_fidelities_cost_loss()
    {
        var oracle = MixingLawOracle.Create(null, Names.Length, 9);
        var m = Mixture.Uniform(Names.Length);
        Assert.Equal(oracle.Sample(m, 1.0, Names, 5), oracle.Sample(m, 1.0, Names, 5));
        Assert.NotEqual(oracle.Sample(m, 1.0, Names, 5)["loss:a"], oracle.Sample(m, 1.0, Names, 6)["loss:a"]);
        var target = oracle.ExpectedLosses(m, 1.0);
        var cheap = oracle.ExpectedLosses(m, 0.1);
        Assert.All(Enumerable.Range(0, Names.Length), i => Assert.True(cheap[i] > target[i]));
    }

    [Fact]
    public void Given_parameters_are_used_and_a_wrong_shape_is_refused()
    {
        var spec = new SimulatorSpec { C = [1, 2], K = [1, 1], T = [[-1, 0], [0, -1]], NoiseStd = 0 };
        var oracle = MixingLawOracle.Create(spec, 2, 0);
        var losses = oracle.ExpectedLosses(Mixture.Create([1.0, 0.0]));
        Assert.Equal(1 + Math.Exp(-1), losses[0], 12);
        Assert.Equal(2 + 1, losses[1], 12);
        Assert.Throws<ArgumentException>(() => MixingLawOracle.Create(spec, 3, 0));
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Simulation;

public sealed class ProblemFamilyTests
{
    private static ProblemFamilySpec Spec(int domains = 17, int rungs = 3, double rho = 0.6, double noise = 0.3, bool minimize = true) => new()
    {
        Domains = domains, Rungs = rungs, CheapRankCorrelation = rho, NoiseToEffect = noise, Minimize = minimize,
    };

    [Fact]
    public void The_same_spec_and_seed_give_the_same_problem_and_pool()
    {
        var a = ProblemFamily.Create(Spec(), 3);
        var b = ProblemFamily.Create(Spec(), 3);
        var c = ProblemFamily.Create(Spec(), 4);
        var pa = a.Pool(20, 1);
        var pb = b.Pool(20, 1);
        Assert.Equal(pa.Rows.Select(r => r.Metrics[0]), pb.Rows.Select(r => r.Metrics[0]));
        Assert.Equal(a.Optimum.Value, b.Optimum.Value);
        Assert.NotEqual(a.Optimum.Value, c.Optimum.Value);
        Assert.NotEqual(pa.Rows.Select(r => r.Metrics[0]), a.Pool(20, 2).Rows.Select(r => r.Metrics[0]));
    }

    [Theory]
    [InlineData(5, 2, 0.99)]
    [InlineData(17, 3, 0.9)]
    [InlineData(17, 2, 0.6)]
    [InlineData(64, 2, 0.3)]
    [InlineData(17, 3, -0.6)]
    [InlineData(128, 4, 0.3)]
    public void The_cheap_rung_ranks_fresh_mixtures_with_the_rank_correlation_asked_for(int domains, int rungs, double rho)
    {
        var family = ProblemFamily.Create(Spec(domains, rungs, rho), 11);
        Assert.Equal(rho, family.RankCorrelations[0], 2);
        Assert.Equal(1.0, family.RankCorrelations[^1]);
        // On mixtures the calibration never saw, the noise-free rung still agrees with the target that well.
        var random = new Random(99);
        var fresh = Enumerable.Range(0, 1500).Select(_ => SparseDirichlet.Next(domains, random)).ToArray();
        var target = fresh.Select(w => family.Expected(w, rungs - 1)).ToArray();
        var cheap = fresh.Select(w => family.Expected(w, 0)).ToArray();
        var spearman = RankCorrelation.Spearman(target, cheap);
        Assert.InRange(spearman, rho - 0.06, rho + 0.06);
        // Rungs in between agree with the target better than the cheapest does.
        for (var k = 1; k < rungs; k++) Assert.True(family.RankCorrelations[k] > family.RankCorrelations[k - 1]);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(17, false)]
    [InlineData(64, true)]
    [InlineData(128, false)]
    public void The_optimum_is_at_least_as_good_as_every_sampled_mixture(int domains, bool minimize)
    {
        var family = ProblemFamily.Create(Spec(domains, minimize: minimize), 5);
        Assert.Equal(family.Optimum.Value, family.TargetValue(family.Optimum.Mixture), 9);
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var w = i % 2 == 0 ? SparseDirichlet.Next(domains, random) : DirichletSampler.Uniform(domains, 1.0, i).Next().ToArray();
            Assert.True(family.Regret(family.TargetValue(Mixture.Create(w))) >= -1e-6, $"mixture {i} beats the optimum");
        }
    }

    [Fact]
    public void Good_mixtures_are_sparse_in_many_domains()
    {
        var family = ProblemFamily.Create(Spec(128, 2, 0.9, 0), 2);
        var weights = family.Optimum.Mixture.Weights.OrderDescending().ToArray();
        // Most domains help no task: the optimum puts 90% of its weight on well under half of them.
        var cumulative = 0.0;
        var used = 0;
        while (cumulative < 0.9) cumulative += weights[used++];
        Assert.InRange(used, 2, 64);
    }

    [Fact]
    public void Noise_has_the_stated_size_relative_to_the_effect()
    {
        var family = ProblemFamily.Create(Spec(17, 2, 0.9, 1.0), 8);
        Assert.Equal(family.Effect, family.NoiseStd, 12);
        var w = Mixture.Uniform(17);
        var expected = family.TargetValue(w);
        var residuals = Enumerable.Range(0, 4000).Select(s => family.Sample(w, 1.0, s) - expected).ToArray();
        var sd = Math.Sqrt(residuals.Sum(r => r * r) / residuals.Length);
        Assert.InRange(sd / family.NoiseStd, 0.95, 1.05);
        var quiet = ProblemFamily.Create(Spec(17, 2, 0.9, 0.0), 8);
        Assert.Equal(quiet.TargetValue(w), quiet.Sample(w, 1.0, 1), 12);
    }

    [Fact]
    public void A_pool_runs_every_mixture_at_every_rung_at_the_rung_cost()
    {
        var family = ProblemFamily.Create(Spec(17, 3, 0.6, 0.1, minimize: false), 1);
        var pool = family.Pool(30, 0);
        Assert.Equal(90, pool.Rows.Count);
        Assert.Equal(["score"], pool.Metrics);
        Assert.Equal(family.Ladder.Select(f => f.Value), pool.Fidelities);
        Assert.All(pool.Rows, r => Assert.Equal(1.0, r.Weights.Sum(), 9));
        Assert.All(pool.Rows, r => Assert.Equal(family.Ladder[family.RungOf(r.Fidelity!.Value)].Cost, r.Cost));
        Assert.Equal(1.0, family.Ladder[^1].Value);
        Assert.True(family.Ladder[0].Cost < family.Ladder[1].Cost);
        Assert.All(pool.Rows, r => Assert.True(double.IsFinite(r.Metrics[0])));
    }

    [Fact]
    public void A_family_spec_out_of_range_is_rejected_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => ProblemFamily.Create(Spec() with { CheapRankCorrelation = 1.5 }, 0));
        Assert.Contains("rank correlation", e.Message);
        Assert.Throws<ArgumentException>(() => ProblemFamily.Create(Spec() with { Domains = 1 }, 0));
        Assert.Throws<ArgumentException>(() => ProblemFamily.Create(Spec() with { NoiseToEffect = double.NaN }, 0));
    }

    [Fact]
    public void The_suite_covers_every_level_of_every_axis()
    {
        var suite = ProblemSuite.Standard;
        Assert.Equal([5, 17, 64, 128], suite.Select(s => s.Domains).Distinct().Order());
        foreach (var rho in new[] { 0.99, 0.9, 0.6, 0.3 }) Assert.Contains(suite, s => s.CheapRankCorrelation == rho);
        Assert.Contains(suite, s => s.CheapRankCorrelation < 0);
        Assert.Equal([2, 3, 4, 5], suite.Select(s => s.Rungs).Distinct().Order());
        Assert.Contains(suite, s => s.NoiseToEffect == 0);
        Assert.Contains(suite, s => s.NoiseToEffect == 1);
        Assert.Contains(suite, s => s.Minimize);
        Assert.Contains(suite, s => !s.Minimize);
        Assert.Equal(suite.Count, suite.Select(s => s.Name).Distinct().Count());
    }
}

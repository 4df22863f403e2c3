using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>The paired rank correlation of a cheap rung with the target, on ladders whose correlation is known.</summary>
public sealed class PairedRungEvidenceTests
{
    /// <summary><paramref name="n"/> pairs of a bivariate normal with Pearson correlation <paramref name="rho"/>.</summary>
    private static (double[] Cheap, double[] Target) Pairs(double rho, int n, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var cheap = new double[n];
        var target = new double[n];
        for (var i = 0; i < n; i++)
        {
            var a = Normal();
            cheap[i] = a;
            target[i] = rho * a + Math.Sqrt(1 - rho * rho) * Normal();
        }
        return (cheap, target);
    }

    /// <summary>Spearman's ρ of a bivariate normal with Pearson ρ: (6/π) asin(ρ/2).</summary>
    private static double SpearmanOf(double rho) => 6 / Math.PI * Math.Asin(rho / 2);

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.6)]
    [InlineData(0.3)]
    [InlineData(-0.6)]
    public void The_interval_covers_the_known_correlation_on_most_ladders(double rho)
    {
        var truth = SpearmanOf(rho);
        var covered = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var (cheap, target) = Pairs(rho, 30, seed);
            var estimate = PairedRungEvidence.Estimate(0, cheap, target, seed);
            Assert.True(estimate.Lower95 <= estimate.Spearman && estimate.Spearman <= estimate.Upper95, $"{estimate}");
            if (estimate.Lower95 <= truth && truth <= estimate.Upper95) covered++;
        }
        // A 95% interval (the wider of two) misses the truth on at most a few of 40 draws.
        Assert.True(covered >= 35, $"covered {covered} of 40 at ρ {rho}");
    }

    [Fact]
    public void More_pairs_give_a_narrower_interval_and_fewer_than_four_give_none()
    {
        var (cheap, target) = Pairs(0.6, 60, seed: 1);
        var few = PairedRungEvidence.Estimate(0, cheap[..6], target[..6], 1);
        var many = PairedRungEvidence.Estimate(0, cheap, target, 1);
        Assert.True(many.Upper95 - many.Lower95 < few.Upper95 - few.Lower95, $"{few} vs {many}");
        var three = PairedRungEvidence.Estimate(0, cheap[..3], target[..3], 1);
        Assert.False(three.Measured);
        Assert.Equal((-1.0, 1.0), (three.Lower95, three.Upper95));
    }

    [Fact]
    public void A_handful_of_reversed_pairs_is_enough_to_rule_a_rung_out_and_strong_transfer_is_never_ruled_out()
    {
        var (cheap, target) = Pairs(-0.9, 8, seed: 2);
        Assert.True(PairedRungEvidence.Estimate(0, cheap, target, 2).Upper95 < MfboProposer.DistrustBelow);
        for (var seed = 0; seed < 20; seed++)
        {
            var (c, t) = Pairs(0.95, 8, seed);
            Assert.True(PairedRungEvidence.Estimate(0, c, t, seed).Upper95 >= MfboProposer.DistrustBelow, $"seed {seed}");
        }
    }

    [Fact]
    public void The_estimate_is_seeded()
    {
        var (cheap, target) = Pairs(0.3, 12, seed: 3);
        Assert.Equal(PairedRungEvidence.Estimate(0, cheap, target, 9), PairedRungEvidence.Estimate(0, cheap, target, 9));
    }

    /// <summary>A study on a problem family's two-rung ladder: every mixture at the cheap rung, the first <paramref name="targetRuns"/> also at the target.</summary>
    private static ProposalContext Study(double rankCorrelation, int mixtures, int targetRuns, int seed, out ProblemFamily family, double noise = 0.05)
    {
        family = ProblemFamily.Create(new ProblemFamilySpec { Domains = 5, Rungs = 2, CheapRankCorrelation = rankCorrelation, NoiseToEffect = noise }, seed: 2);
        var f = family;
        var study = new StudySpec
        {
            Name = "paired", Domains = f.DomainNames.Select(n => new DomainSpec { Name = n }).ToArray(),
            Fidelities = f.Ladder, Budget = new BudgetSpec { Runs = 500 }, Seed = seed,
        };
        // Sparse mixtures, as the family's rank correlations are defined on.
        var random = new Random(seed);
        var draws = Enumerable.Range(0, mixtures).Select(_ => Mixture.Normalize(SparseDirichlet.Next(f.Spec.Domains, random))).ToArray();
        var cheap = f.Ladder[0].Value;
        var target = f.Ladder[^1].Value;
        var observations = draws.Select((m, i) => new Observation(m, cheap, f.Sample(m, cheap, i)))
            .Concat(draws.Take(targetRuns).Select((m, i) => new Observation(m, target, f.Sample(m, target, 10_000 + i))))
            .ToList();
        return new ProposalContext(study, observations, [], 0);
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.6)]
    [InlineData(-0.6)]
    public void On_a_study_the_pairs_are_the_mixtures_run_at_both_rungs_and_recover_the_family_correlation(double rankCorrelation)
    {
        var context = Study(rankCorrelation, mixtures: 60, targetRuns: 40, seed: 4, out var family, noise: 0);
        var paired = Assert.Single(PairedRungEvidence.Of(context, 4));
        Assert.Equal(40, paired.Pairs);
        // The known correlation: the family's (noise-free) rungs on these very mixtures; near it, the family's own.
        var both = context.Observations.Where(o => o.Fidelity == context.Target.Value).Select(o => o.Mixture).ToArray();
        var known = MixOpt.Core.Surrogates.RankCorrelation.Spearman(both.Select(m => family.Expected(m.Weights, 0)).ToArray(), both.Select(m => family.Expected(m.Weights, 1)).ToArray());
        Assert.InRange(known, paired.Lower95, paired.Upper95);
        Assert.InRange(family.RankCorrelations[0], paired.Lower95 - 0.15, paired.Upper95 + 0.15);
    }

    [Fact]
    public void Mfbo_stops_screening_a_reversed_rung_once_a_few_target_runs_pair_with_it()
    {
        // Six target runs: the model's prior-held trust alone is slow to fall, the pairs are not.
        var context = Study(-0.9, mixtures: 30, targetRuns: 6, seed: 5, out _);
        var mfbo = new MfboProposer();
        Assert.True(MfboProposer.Paired(context)[0].Upper95 < MfboProposer.DistrustBelow);
        Assert.NotNull(mfbo.Distrusted(context));
        Assert.All(mfbo.Propose(context, 3), p => Assert.Equal(context.Target.Value, p.Fidelity));
        Assert.Contains("(not screened)", mfbo.Recommend(context)!.Basis);
    }

    [Fact]
    public void Mfbo_keeps_screening_a_rung_the_pairs_confirm()
    {
        var context = Study(0.99, mixtures: 30, targetRuns: 6, seed: 6, out _);
        Assert.True(MfboProposer.Paired(context)[0].Upper95 >= MfboProposer.DistrustBelow);
        Assert.Null(new MfboProposer().Distrusted(context));
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>auto's choice on problems whose answer is known: one rung, trusted cheap rungs, reversed cheap rungs.</summary>
public class AutoProposerTests
{
    /// <summary>A study over <paramref name="family"/>'s ladder with every mixture run at the cheap rung and the first <paramref name="targetRuns"/> at the target.</summary>
    private static ProposalContext Context(ProblemFamily family, int mixtures, int targetRuns, int seed, bool sparse = false)
    {
        var study = new StudySpec
        {
            Name = "auto", Domains = family.DomainNames.Select(n => new DomainSpec { Name = n }).ToArray(),
            Fidelities = family.Ladder, Budget = new BudgetSpec { Runs = 500 }, Seed = seed,
        };
        var random = new Random(seed);
        // Sparse mixtures are what the family's rank correlations are defined on; uniform ones rank less alike.
        var draws = sparse
            ? Enumerable.Range(0, mixtures).Select(_ => Mixture.Normalize(SparseDirichlet.Next(family.Spec.Domains, random))).ToArray()
            : new UniformSimplexSampler(family.Spec.Domains, seed).Sample(mixtures).ToArray();
        var cheap = family.Ladder[0].Value;
        var target = family.Ladder[^1].Value;
        var observations = draws.Select((m, i) => new Observation(m, cheap, family.Sample(m, cheap, i)))
            .Concat(draws.Take(targetRuns).Select((m, i) => new Observation(m, target, family.Sample(m, target, 10_000 + i))))
            .ToList();
        return new ProposalContext(study, observations, [], 0);
    }

    private static ProblemFamily Family(double rho) =>
        ProblemFamily.Create(new ProblemFamilySpec { Domains = 5, Rungs = 2, CheapRankCorrelation = rho, NoiseToEffect = 0.05 }, seed: 2);

    [Fact]
    public void A_study_that_names_no_strategy_gets_auto()
    {
        Assert.Equal(AutoProposer.StrategyName, new StudySpec().Strategy);
        Assert.IsType<AutoProposer>(ProposerCatalog.Create(new StudySpec().Strategy));
    }

    [Fact]
    public void One_rung_means_bo()
    {
        var study = StrategyTestKit.Study(4, "auto", 1, options: new StrategyOptions());
        var (strategy, reason) = new AutoProposer().Choose(new ProposalContext(study, [], [], 0));
        Assert.Equal("bo", strategy.Name);
        Assert.Contains("single rung", reason);
    }

    [Fact]
    public void A_ladder_starts_multi_fidelity_until_the_target_has_measured_trust()
    {
        var (strategy, reason) = new AutoProposer().Choose(Context(Family(0.3), mixtures: 30, targetRuns: 2, seed: 3));
        Assert.Equal("mfbo", strategy.Name);
        Assert.Contains("not yet measured", reason);
    }

    [Fact]
    public void Cheap_rungs_that_rank_like_the_target_keep_mfbo()
    {
        var (strategy, reason) = new AutoProposer().Choose(Context(Family(0.99), mixtures: 40, targetRuns: 12, seed: 4, sparse: true));
        Assert.True(strategy.Name == "mfbo", reason);
        Assert.StartsWith("cheap rung r0 earned trust", reason);
    }

    [Fact]
    public void Cheap_rungs_that_reverse_the_ranking_spend_only_at_the_target_and_the_recommendation_says_why()
    {
        var context = Context(Family(-0.9), mixtures: 40, targetRuns: 12, seed: 5);
        var auto = new AutoProposer();
        var (strategy, reason) = auto.Choose(context);
        Assert.Equal("mfbo", strategy.Name);
        Assert.Contains("no cheap rung has earned trust", reason);
        var recommendation = auto.Recommend(context)!;
        Assert.StartsWith("auto chose mfbo (no cheap rung has earned trust", recommendation.Basis);
        Assert.All(auto.Propose(context, 2), p => Assert.Equal(context.Target.Value, p.Fidelity));
    }

    [Fact]
    public void Mfbo_spends_only_at_the_target_on_a_reversed_ladder_and_says_why()
    {
        var context = Context(Family(-0.9), mixtures: 40, targetRuns: 12, seed: 5);
        var mfbo = new MfboProposer();
        var distrust = mfbo.Distrusted(context);
        Assert.NotNull(distrust);
        Assert.False(CheapRungTrust.Earned(MfboProposer.Paired(context)));
        Assert.All(mfbo.Propose(context, 3), p => Assert.Equal(context.Target.Value, p.Fidelity));
        Assert.StartsWith("target runs only, no cheap rung has earned trust", mfbo.Recommend(context)!.Basis);
    }

    [Fact]
    public void Mfbo_screens_on_a_trusted_ladder_and_before_its_first_target_run_but_not_on_unmeasured_trust()
    {
        var mfbo = new MfboProposer();
        Assert.Null(mfbo.Distrusted(Context(Family(0.99), mixtures: 40, targetRuns: 12, seed: 4, sparse: true)));
        Assert.Null(mfbo.Distrusted(Context(Family(-0.9), mixtures: 40, targetRuns: 0, seed: 5)));
        // Two target runs measure nothing: trust is not assumed, so mfbo is bo at the target until its pairs earn it.
        Assert.NotNull(mfbo.Distrusted(Context(Family(0.99), mixtures: 40, targetRuns: 2, seed: 4)));
    }

    [Fact]
    public void In_a_pool_a_target_run_row_is_valued_by_its_recorded_result()
    {
        // The pool's best target row was run and recorded far better than anything else: no posterior guess about an
        // unrun row can beat a recorded result by that much, so the recommendation is that row, as recorded.
        var family = Family(0.99);
        var context = Context(family, mixtures: 30, targetRuns: 6, seed: 7);
        var target = context.Target.Value;
        var observations = context.Observations.ToList();
        var lucky = observations.FindIndex(o => o.Fidelity == target);
        observations[lucky] = observations[lucky] with { Value = observations.Where(o => o.Fidelity == target).Min(o => o.Value) - 1.0 };
        var pool = observations.Select(o => new Proposal(o.Mixture, o.Fidelity)).ToArray();
        var withPool = context with { Observations = observations, Pool = pool };
        var recommendation = new BoProposer().Recommend(withPool)!;
        Assert.Equal(observations[lucky].Mixture, recommendation.Mixture);
        Assert.Equal(observations[lucky].Value, recommendation.Predicted, 12);
        Assert.EndsWith("run at the target", recommendation.Basis);
    }
}

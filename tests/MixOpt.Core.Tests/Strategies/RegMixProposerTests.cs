using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Strategies;

public class RegMixProposerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Recommendation_beats_the_best_run_of_its_design_and_random_mixtures(int seed)
    {
        var study = StrategyTestKit.Study(4, "regmix", seed, options: new StrategyOptions { Candidates = 50_000, Surrogate = "gp", InitialDesign = 40, TopK = 20 });
        var strategy = new RegMixProposer();
        var observations = StrategyTestKit.Run(strategy, study, rounds: 5, batch: 8);
        var recommendation = strategy.Recommend(new ProposalContext(study, observations, [], 5))!;

        var recommended = StrategyTestKit.Regret(study, recommendation.Mixture);
        var bestObserved = observations.Min(o => StrategyTestKit.Regret(study, o.Mixture));
        var random = new UniformSimplexSampler(4, 99).Sample(200).Select(m => StrategyTestKit.Regret(study, m)).Order().ToArray();
        Assert.True(recommended <= bestObserved + 1e-3, $"recommended regret {recommended:F4}, best observed {bestObserved:F4}");
        Assert.True(recommended < random[10], $"recommended regret {recommended:F4} is not in the best 5% of random mixtures ({random[10]:F4})");
        Assert.True(recommendation.StdDev > 0 && double.IsFinite(recommendation.Predicted));
    }

    [Fact]
    public void Without_a_named_surrogate_the_cross_validation_winner_is_used_and_reported()
    {
        var study = StrategyTestKit.Study(3, "regmix", 5, options: new StrategyOptions { Candidates = 5_000, InitialDesign = 12, CvFolds = 3 });
        var observations = StrategyTestKit.Run(new RegMixProposer(), study, rounds: 2, batch: 12);
        var recommendation = new RegMixProposer().Recommend(new ProposalContext(study, observations, [], 2))!;
        Assert.NotNull(recommendation.Surrogates);
        Assert.Equal(SurrogateCatalog.Names.Count, recommendation.Surrogates.Count);
        Assert.Contains($"({recommendation.Surrogates[0].Name})", recommendation.Basis);
        // Trusted surrogates come first, best Spearman first; an untrusted one (no figures) can only follow them.
        var trusted = recommendation.Surrogates.TakeWhile(s => s.Trusted).ToArray();
        Assert.NotEmpty(trusted);
        Assert.True(trusted[0].Spearman >= trusted[^1].Spearman);
        Assert.All(recommendation.Surrogates.Skip(trusted.Length), s => Assert.False(s.Trusted));
    }

    [Fact]
    public void Design_runs_at_the_cheapest_fidelity_and_then_checks_its_recommendation_at_the_target()
    {
        var study = StrategyTestKit.Study(3, "regmix", 6, options: new StrategyOptions { Candidates = 5_000, Surrogate = "mixing-law", InitialDesign = 10 },
            fidelities: [new FidelitySpec { Value = 0.1, Cost = 0.1 }, new FidelitySpec { Value = 1, Cost = 1 }]);
        var strategy = new RegMixProposer();
        var design = strategy.Propose(new ProposalContext(study, [], [], 0), 10);
        Assert.All(design, p => Assert.Equal(0.1, p.Fidelity));
        var observations = design.Select((p, i) => StrategyTestKit.Observe(study, p, i)).ToList();
        var next = strategy.Propose(new ProposalContext(study, observations, [], 1), 4);
        Assert.Equal(1.0, next[0].Fidelity);
        Assert.All(next.Skip(1), p => Assert.Equal(0.1, p.Fidelity));
    }

    [Fact]
    public void Top_k_picks_the_lowest_scores_when_minimizing()
    {
        double[] scores = [5, 1, 4, 0, 3, 2];
        Assert.Equal([3, 1, 5], CandidateSearch.TopK(scores, 3, minimize: true));
        Assert.Equal([0, 2], CandidateSearch.TopK(scores, 2, minimize: false));
    }
}

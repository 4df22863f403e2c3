using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

public class BayesianStrategyTests
{
    private static readonly IReadOnlyList<FidelitySpec> Ladder = [new FidelitySpec { Value = 0.05, Cost = 0.05 }, new FidelitySpec { Value = 1, Cost = 1 }];

    /// <summary>Runs a strategy in batches until <paramref name="budget"/> cost is spent; returns the target regret of its recommendation.</summary>
    private static double RegretAtCost(string strategy, int seed, double budget)
    {
        var study = StrategyTestKit.Study(4, strategy, seed, fidelities: Ladder, options: new StrategyOptions { InitialDesign = 8, Candidates = 5_000 });
        var proposer = ProposerCatalog.Create(strategy);
        var observations = new List<Observation>();
        var cost = 0.0;
        for (var round = 0; cost < budget; round++)
        {
            var batch = proposer.Propose(new ProposalContext(study, observations, [], round), 2);
            Assert.NotEmpty(batch);
            foreach (var p in batch)
            {
                observations.Add(StrategyTestKit.Observe(study, p, observations.Count));
                cost += p.Fidelity == 1 ? 1 : 0.05;
            }
        }
        var recommendation = proposer.Recommend(new ProposalContext(study, observations, [], 999))!;
        return StrategyTestKit.Regret(study, recommendation.Mixture);
    }

    [Fact]
    public void Mfbo_reaches_lower_regret_than_random_for_the_same_cost()
    {
        var seeds = new[] { 1, 2, 3, 4, 5 };
        // A budget in which mfbo can earn trust in the cheap rung: four target runs with their cheap twins (see
        // CheapRungTrust). At budget 3 (about two target runs, trust not yet measured, so bo at the target plus the
        // cheap design) it beat random on fewer than 3 of these 5 seeds.
        var mfbo = seeds.Select(s => RegretAtCost("mfbo", s, budget: 6)).ToArray();
        var random = seeds.Select(s => RegretAtCost("random", s, budget: 6)).ToArray();
        Assert.True(Median(mfbo) < Median(random), $"mfbo {string.Join(", ", mfbo.Select(r => r.ToString("F4")))} vs random {string.Join(", ", random.Select(r => r.ToString("F4")))}");
        Assert.True(mfbo.Zip(random).Count(p => p.First < p.Second) >= 3, $"mfbo should win on most seeds: mfbo {string.Join(", ", mfbo.Select(r => r.ToString("F4")))} vs random {string.Join(", ", random.Select(r => r.ToString("F4")))}");
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);

    [Fact]
    public void Mfbo_uses_both_rungs()
    {
        var study = StrategyTestKit.Study(3, "mfbo", 4, fidelities: Ladder, options: new StrategyOptions { InitialDesign = 6 });
        var proposer = new MfboProposer();
        var observations = new List<Observation>();
        // 16 rounds of 3: the oracle's cheap rung has the target's shape exactly, so the knowledge gradient rightly
        // spends a while there (its first target run here is run 39) before a target run is worth 20 cheap ones.
        for (var round = 0; round < 16; round++)
            foreach (var p in proposer.Propose(new ProposalContext(study, observations, [], round), 3))
                observations.Add(StrategyTestKit.Observe(study, p, observations.Count));
        Assert.Contains(observations, o => o.Fidelity == 0.05);
        Assert.Contains(observations.Skip(6), o => o.Fidelity == 0.05);
        Assert.True(observations.Any(o => o.Fidelity == 1.0), $"first target run never came: {observations.Count} runs, all cheap");
    }

    [Theory]
    [InlineData("bo")]
    [InlineData("mfbo")]
    public void A_freed_worker_gets_one_new_proposal_that_avoids_pending_runs(string name)
    {
        var study = StrategyTestKit.Study(3, name, 5, fidelities: name == "mfbo" ? Ladder : null, options: new StrategyOptions { InitialDesign = 6 });
        var proposer = ProposerCatalog.Create(name);
        var observations = StrategyTestKit.Run(proposer, study, rounds: 3, batch: 4);
        var pending = proposer.Propose(new ProposalContext(study, observations, [], 3), 7);
        Assert.Equal(7, pending.Count);
        var one = proposer.Propose(new ProposalContext(study, observations, pending, 4), 1);
        var single = Assert.Single(one);
        Assert.DoesNotContain(pending, p => p.Fidelity == single.Fidelity && p.Mixture.Distance(single.Mixture) < 1e-3);
    }

    [Theory]
    [InlineData("bo")]
    [InlineData("mfbo")]
    [InlineData("climb")]
    public void Recommendation_at_the_target_comes_with_uncertainty(string name)
    {
        var study = StrategyTestKit.Study(3, name, 6, fidelities: name == "bo" ? null : Ladder, options: new StrategyOptions { InitialDesign = 6, Candidates = 2_000 });
        var proposer = ProposerCatalog.Create(name);
        var observations = StrategyTestKit.Run(proposer, study, rounds: 4, batch: 3);
        var recommendation = proposer.Recommend(new ProposalContext(study, observations, [], 4))!;
        Assert.True(recommendation.StdDev > 0, recommendation.Basis);
        Assert.True(double.IsFinite(recommendation.Predicted));
        Assert.True(StudySpace.ConstraintsOf(study).IsSatisfiedBy(recommendation.Mixture, 1e-9));
    }

    [Fact]
    public void Bo_models_and_searches_after_a_design_smaller_than_the_domain_count()
    {
        // 8 domains, default design: the fifth target run is the GP's choice, not a design point, and the
        // recommendation comes from the posterior (with uncertainty) rather than the best observed run.
        var study = StrategyTestKit.Study(8, "bo", 3);
        var proposer = new BoProposer();
        var observations = new List<Observation>();
        for (var round = 0; round < BayesianDefaults.TargetDesign(8); round++)
            foreach (var p in proposer.Propose(new ProposalContext(study, observations, [], round), 1))
                observations.Add(StrategyTestKit.Observe(study, p, observations.Count));
        Assert.True(observations.Count < 8);
        var recommendation = proposer.Recommend(new ProposalContext(study, observations, [], 9))!;
        Assert.True(recommendation.StdDev > 0, recommendation.Basis);
        Assert.Contains("GP posterior", recommendation.Basis);
        var next = Assert.Single(proposer.Propose(new ProposalContext(study, observations, [], 9), 1));
        Assert.True(StudySpace.ConstraintsOf(study).IsSatisfiedBy(next.Mixture, 1e-9));
        Assert.DoesNotContain(observations, o => o.Mixture.Distance(next.Mixture) < 1e-6);
    }
}

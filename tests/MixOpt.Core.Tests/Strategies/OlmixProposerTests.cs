using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

public class OlmixProposerTests
{
    private static StudySpec Study(int seed, StrategyOptions? options = null, ConstraintsSpec? constraints = null, long[]? tokens = null,
        IReadOnlyList<FidelitySpec>? fidelities = null) =>
        StrategyTestKit.Study(4, "olmix", seed, constraints, options ?? new StrategyOptions { InitialDesign = 16 }, fidelities, tokens);

    [Fact]
    public void Design_runs_at_the_cheapest_rung_then_the_solution_at_the_target_and_its_lambda_path_at_the_cheapest()
    {
        var study = Study(6, fidelities: [new FidelitySpec { Value = 0.1, Cost = 0.1 }, new FidelitySpec { Value = 1, Cost = 1 }]);
        var strategy = new OlmixProposer();
        var design = strategy.Propose(new ProposalContext(study, [], [], 0), 16);
        Assert.Equal(16, design.Count);
        Assert.All(design, p => Assert.Equal(0.1, p.Fidelity));
        var observations = design.Select((p, i) => StrategyTestKit.Observe(study, p, i)).ToList();
        var next = strategy.Propose(new ProposalContext(study, observations, [], 1), 5);
        Assert.Equal(5, next.Count);
        Assert.Equal(1.0, next[0].Fidelity);
        Assert.Equal(strategy.Recommend(new ProposalContext(study, observations, [], 1))!.Mixture, next[0].Mixture);
        Assert.All(next.Skip(1), p => Assert.Equal(0.1, p.Fidelity));
        // Seeded: a fresh instance on the same data proposes the same batch.
        var again = new OlmixProposer().Propose(new ProposalContext(study, observations, [], 1), 5);
        Assert.Equal(next.Select(p => p.Mixture), again.Select(p => p.Mixture));
    }

    [Fact]
    public void Recommendation_solves_the_program_within_min_max_and_epoch_caps()
    {
        var tokens = new long[] { 4_000_000, 1_000_000, 2_000_000, 8_000_000 };
        var constraints = new ConstraintsSpec { Min = new Dictionary<string, double> { ["d1"] = 0.1 }, Max = new Dictionary<string, double> { ["d3"] = 0.5 }, MaxEpochs = 1 };
        var study = Study(7, constraints: constraints, tokens: tokens, fidelities: [new FidelitySpec { Value = 1, Cost = 1, Tokens = 5_000_000 }]);
        var strategy = new OlmixProposer();
        var observations = StrategyTestKit.Run(strategy, study, rounds: 4, batch: 8);
        var bounds = StudySpace.ConstraintsOf(study);
        Assert.All(observations, o => Assert.True(bounds.IsSatisfiedBy(o.Mixture, 1e-9), $"{o.Mixture} breaks the constraints"));
        var recommendation = strategy.Recommend(new ProposalContext(study, observations, [], 4))!;
        Assert.True(bounds.IsSatisfiedBy(recommendation.Mixture, 1e-9));
        // d1 may take at most 1 epoch of 1M tokens in a 5M-token run: 0.2.
        Assert.InRange(recommendation.Mixture[1], 0.1 - 1e-9, 0.2 + 1e-9);
        var residual = double.Parse(recommendation.Basis.Split("KKT residual ")[1].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(residual <= OlmixProgram.KktTolerance);
    }

    [Fact]
    public void A_large_kl_weight_recommends_the_natural_distribution()
    {
        var tokens = new long[] { 5, 3, 1, 1 };
        var study = Study(8, options: new StrategyOptions { InitialDesign = 12, KlWeight = 1e5 }, tokens: tokens);
        var strategy = new OlmixProposer();
        var observations = StrategyTestKit.Run(strategy, study, rounds: 3, batch: 6);
        var recommendation = strategy.Recommend(new ProposalContext(study, observations, [], 3))!;
        double[] natural = [0.5, 0.3, 0.1, 0.1];
        for (var i = 0; i < 4; i++) Assert.Equal(natural[i], recommendation.Mixture[i], 4);
    }

    [Fact]
    public void Metric_weights_steer_a_two_objective_study_towards_the_weighted_objective()
    {
        ObjectiveSpec[] objectives = [new() { Metric = "loss:d0" }, new() { Metric = "loss:d1" }];
        StudySpec WithWeights(double[] w) => Study(9, options: new StrategyOptions { InitialDesign = 16, MetricWeights = w }) with { Objectives = objectives, Objective = objectives[0] };
        Mixture Recommended(StudySpec study)
        {
            var oracle = StrategyTestKit.OracleOf(study);
            var observations = new List<Observation>();
            var strategy = new OlmixProposer();
            for (var round = 0; round < 3; round++)
                foreach (var p in strategy.Propose(new ProposalContext(study, observations, [], round), 8))
                {
                    var metrics = oracle.Sample(p.Mixture, 1.0, study.DomainNames, observations.Count);
                    var scores = study.Scores(metrics);
                    observations.Add(new Observation(p.Mixture, p.Fidelity, scores[0]) { ObjectiveValues = scores });
                }
            return strategy.Recommend(new ProposalContext(study, observations, [], 3))!.Mixture;
        }
        var towardsD0 = Recommended(WithWeights([1, 0]));
        var towardsD1 = Recommended(WithWeights([0, 1]));
        // Each domain's own loss falls with its share, so weighting one loss gives its domain more of the mixture.
        Assert.True(towardsD0[0] > towardsD1[0], $"{towardsD0} vs {towardsD1}");
        Assert.True(towardsD1[1] > towardsD0[1], $"{towardsD0} vs {towardsD1}");
    }
}

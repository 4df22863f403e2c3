using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

public class BoRungTests
{
    private static readonly IReadOnlyList<FidelitySpec> Ladder =
        [new FidelitySpec { Name = "60M", Value = 1, Cost = 1 }, new FidelitySpec { Name = "1M", Value = 1 / 60.0, Cost = 1 / 60.0 }];

    [Theory]
    [InlineData(null, "60M")]
    [InlineData("target", "60M")]
    [InlineData("cheapest", "1M")]
    [InlineData("1M", "1M")]
    [InlineData("60M", "60M")]
    public void Names_resolve_to_rungs_of_the_ladder(string? choice, string expected) =>
        Assert.Equal(expected, BoRung.Find(Ladder, choice)?.Name);

    [Fact]
    public void An_unknown_rung_is_none_and_the_validator_says_so()
    {
        Assert.Null(BoRung.Find(Ladder, "7B"));
        var spec = StrategyTestKit.Study(3, "bo", 1, fidelities: Ladder, options: new StrategyOptions { Fidelity = "7B" });
        var errors = StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);
        Assert.Contains("strategyOptions.fidelity", errors.Keys);
        Assert.DoesNotContain("strategyOptions.fidelity", StudySpecValidator.Validate(spec with { StrategyOptions = new StrategyOptions { Fidelity = "cheapest" } }, ProposerCatalog.Names, ProposerCatalog.OptionsOf).Keys);
    }

    [Fact]
    public void Bo_at_the_cheapest_rung_runs_only_there_and_recommends_for_the_target()
    {
        var ladder = new[] { new FidelitySpec { Value = 0.05, Cost = 0.05 }, new FidelitySpec { Value = 1, Cost = 1 } };
        var study = StrategyTestKit.Study(3, "bo", 7, fidelities: ladder, options: new StrategyOptions { Fidelity = "cheapest", Candidates = 2_000 });
        var proposer = new BoProposer();
        var observations = StrategyTestKit.Run(proposer, study, rounds: 6, batch: 2);
        Assert.Equal(12, observations.Count);
        Assert.All(observations, o => Assert.Equal(0.05, o.Fidelity));
        var recommendation = proposer.Recommend(new ProposalContext(study, observations, [], 6))!;
        Assert.Contains("transferred to the target", recommendation.Basis);
        // The cheap rung shares the target's shape on the oracle, so its argmin beats the centre of the simplex.
        Assert.True(StrategyTestKit.Regret(study, recommendation.Mixture) < StrategyTestKit.Regret(study, Mixture.Uniform(3)),
            $"regret {StrategyTestKit.Regret(study, recommendation.Mixture):F4} vs uniform {StrategyTestKit.Regret(study, Mixture.Uniform(3)):F4}");
        // The constructor's choice overrides the study's: the default bo runs at the target.
        Assert.All(new BoProposer(BoRung.Target).Propose(new ProposalContext(study, [], [], 0), 2), p => Assert.Equal(1.0, p.Fidelity));
    }
}

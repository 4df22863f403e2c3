using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Hierarchy;

public sealed class HierarchicalProposerTests
{
    [Theory]
    [InlineData("random")]
    [InlineData("uniform")]
    [InlineData("regmix")]
    public void Every_proposal_and_the_recommendation_honour_the_groups(string strategy)
    {
        var study = HierarchyStudies.Bucketed() with { Strategy = strategy, StrategyOptions = strategy == "regmix" ? new StrategyOptions { Candidates = 500 } : null };
        var hierarchy = StudyHierarchy.Of(study)!;
        var proposer = HierarchicalProposer.For(study, ProposerCatalog.Create(strategy));
        Assert.IsType<HierarchicalProposer>(proposer);
        var oracle = MixingLawOracle.Create(null, study.Domains.Count, 1);
        var observations = new List<Observation>();
        for (var round = 0; round < 3; round++)
        {
            var batch = proposer.Propose(new ProposalContext(study, observations.ToArray(), [], round), 6);
            Assert.NotEmpty(batch);
            foreach (var p in batch)
            {
                Assert.True(hierarchy.IsSatisfiedBy(p.Mixture.ToArray()), $"{strategy}: {p.Mixture}");
                Assert.DoesNotContain(observations, o => o.Mixture.Equals(p.Mixture));
                observations.Add(new Observation(p.Mixture, p.Fidelity, oracle.Objective(p.Mixture, study.Objective, study.DomainNames)));
            }
        }
        var recommendation = proposer.Recommend(new ProposalContext(study, observations.ToArray(), [], 3))!;
        Assert.True(hierarchy.IsSatisfiedBy(recommendation.Mixture.ToArray()), recommendation.Mixture.ToString());
    }

    [Fact]
    public void A_flat_study_keeps_its_strategy_unwrapped()
    {
        var study = HierarchyStudies.Bucketed() with { Groups = null };
        Assert.IsType<RandomDirichletProposer>(HierarchicalProposer.For(study, new RandomDirichletProposer()));
    }
}

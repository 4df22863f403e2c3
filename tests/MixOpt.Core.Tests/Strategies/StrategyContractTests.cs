using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

public class StrategyContractTests
{
    public static TheoryData<string> Names => [.. ProposerCatalog.Names];

    [Fact]
    public void Catalog_offers_the_baselines_regmix_and_the_bayesian_strategies()
    {
        Assert.Superset(new HashSet<string>(["random", "uniform", "natural", "regmix", "bo", "mfbo", "climb"]), new HashSet<string>(ProposerCatalog.Names));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Proposals_are_new_distinct_and_feasible(string name)
    {
        var constraints = new ConstraintsSpec { Min = new Dictionary<string, double> { ["d0"] = 0.1 }, Max = new Dictionary<string, double> { ["d1"] = 0.3 }, MaxEpochs = 1 };
        var study = StrategyTestKit.Study(4, name, seed: 3, constraints,
            fidelities: [new FidelitySpec { Value = 1, Cost = 1, Tokens = 1000 }], tokens: [1000, 1000, 250, 1000]);
        var strategy = ProposerCatalog.Create(name);
        var space = StudySpace.ConstraintsOf(study);
        var observations = StrategyTestKit.Run(strategy, study, rounds: 2, batch: 6);
        var pending = strategy.Propose(new ProposalContext(study, observations, [], 2), 3);
        var context = new ProposalContext(study, observations, pending, 3);
        var batch = strategy.Propose(context, 8);

        Assert.Equal(8, batch.Count);
        Assert.All(batch, p => Assert.False(context.IsKnown(p), $"{p.Mixture} was already run or pending"));
        for (var i = 0; i < batch.Count; i++)
            for (var j = i + 1; j < batch.Count; j++)
                Assert.False(batch[i].Mixture.Equals(batch[j].Mixture) && batch[i].Fidelity == batch[j].Fidelity, "duplicate in batch");
        Assert.All(observations.Select(o => o.Mixture).Concat(batch.Select(p => p.Mixture)),
            m => Assert.True(space.IsSatisfiedBy(m, 1e-9), $"{m} breaks the constraints"));
        Assert.All(batch, p => Assert.True(p.Mixture[2] <= 0.25 + 1e-9, "epoch cap of d2"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Pool_mode_proposes_and_recommends_pool_rows(string name)
    {
        var study = StrategyTestKit.Study(3, name, seed: 4,
            fidelities: [new FidelitySpec { Value = 0.1, Cost = 0.1 }, new FidelitySpec { Value = 1, Cost = 1 }]);
        var mixtures = new UniformSimplexSampler(3, 8).Sample(40);
        var pool = mixtures.SelectMany(m => new[] { new Proposal(m, 0.1), new Proposal(m, 1.0) }).ToArray();
        var strategy = ProposerCatalog.Create(name);
        var observations = new List<Observation>();
        for (var round = 0; round < 4; round++)
        {
            var context = new ProposalContext(study, observations, [], round, pool);
            var batch = strategy.Propose(context, 4);
            Assert.NotEmpty(batch);
            Assert.All(batch, p => Assert.Contains(p, pool));
            Assert.All(batch, p => Assert.False(context.IsKnown(p)));
            observations.AddRange(batch.Select((p, i) => StrategyTestKit.Observe(study, p, observations.Count + i)));
        }
        var recommendation = strategy.Recommend(new ProposalContext(study, observations, [], 4, pool));
        Assert.NotNull(recommendation);
        Assert.Contains(new Proposal(recommendation.Mixture, 1.0), pool);
    }

    [Fact]
    public void Uniform_and_natural_start_at_their_centres()
    {
        var uniform = StrategyTestKit.Study(4, "uniform", seed: 1);
        var first = new UniformProposer().Propose(new ProposalContext(uniform, [], [], 0), 3);
        Assert.Equal(Mixture.Uniform(4), first[0].Mixture);

        var natural = StrategyTestKit.Study(4, "natural", seed: 1, tokens: [100, 300, 400, 200]);
        var start = new NaturalProposer().Propose(new ProposalContext(natural, [], [], 0), 3);
        Assert.Equal(Mixture.Create([0.1, 0.3, 0.4, 0.2]), start[0].Mixture);
        Assert.All(start.Skip(1), p => Assert.True(p.Mixture.Distance(start[0].Mixture) < 0.3, "natural draws stay near the natural mixture"));
    }

    [Fact]
    public void Impossible_constraints_fail_with_a_clear_message()
    {
        var study = StrategyTestKit.Study(3, "random", seed: 1,
            new ConstraintsSpec { Min = new Dictionary<string, double> { ["d0"] = 0.7, ["d1"] = 0.5 } });
        var e = Assert.Throws<ArgumentException>(() => new RandomDirichletProposer().Propose(new ProposalContext(study, [], [], 0), 2));
        Assert.Contains("minimums sum", e.Message);
    }
}

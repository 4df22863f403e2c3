using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests;

public sealed class RandomDirichletProposerTests
{
    private static readonly StudySpec Study = new()
    {
        Name = "r",
        Domains = Enumerable.Range(0, 4).Select(i => new DomainSpec { Name = $"d{i}" }).ToArray(),
        Budget = new BudgetSpec { Runs = 10 },
        Seed = 17,
        Fidelities = [new FidelitySpec { Value = 1, Cost = 0.1 }, new FidelitySpec { Value = 10, Cost = 1 }],
    };

    [Fact]
    public void Proposals_are_distinct_at_the_target_fidelity_and_reproducible_per_round()
    {
        var proposer = new RandomDirichletProposer();
        var context = new ProposalContext(Study, [], [], Round: 3);
        var a = proposer.Propose(context, 8);
        var b = proposer.Propose(context, 8);
        Assert.Equal(8, a.Count);
        Assert.All(a, p => Assert.Equal(10, p.Fidelity));
        Assert.Equal(a.Select(p => p.Mixture), b.Select(p => p.Mixture));
        Assert.Equal(8, a.Select(p => p.Mixture.ToString()).Distinct().Count());
        Assert.NotEqual(a[0].Mixture, proposer.Propose(context with { Round = 4 }, 1)[0].Mixture);
    }

    [Fact]
    public void In_pool_mode_only_unused_target_rows_are_proposed_and_the_best_observed_is_recommended()
    {
        var mixtures = Enumerable.Range(1, 6).Select(i => Mixture.Normalize([i, 1.0, 2.0, 3.0])).ToArray();
        var pool = mixtures.SelectMany(m => new[] { new Proposal(m, 1), new Proposal(m, 10) }).ToList();
        var observed = new List<Observation> { new(mixtures[0], 10, 2.5), new(mixtures[1], 10, 2.0), new(mixtures[2], 1, 1.0) };
        var pending = new List<Proposal> { new(mixtures[3], 10) };
        var context = new ProposalContext(Study, observed, pending, 0, pool);

        var proposals = new RandomDirichletProposer().Propose(context, 10);
        Assert.Equal(3, proposals.Count);
        Assert.All(proposals, p => Assert.Contains(p, pool));
        Assert.All(proposals, p => Assert.False(context.IsKnown(p)));

        var recommendation = new RandomDirichletProposer().Recommend(context)!;
        Assert.Equal(mixtures[1], recommendation.Mixture);
        Assert.Equal(2.0, recommendation.Predicted);
        Assert.Null(new RandomDirichletProposer().Recommend(new ProposalContext(Study, [], [], 0)));
    }
}

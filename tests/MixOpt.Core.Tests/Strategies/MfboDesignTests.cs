using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>mfbo's cheap design before any target run is a bet on an unproven ladder, capped at half a target run's cost.</summary>
public class MfboDesignTests
{
    private static readonly IReadOnlyList<FidelitySpec> Ladder =
        [new FidelitySpec { Name = "r0", Value = 0.05, Cost = 0.05 }, new FidelitySpec { Name = "r1", Value = 1, Cost = 1 }];

    private static StudySpec Study(int domains, IReadOnlyList<FidelitySpec>? fidelities, int? initialDesign = null) =>
        StrategyTestKit.Study(domains, "mfbo", 3, fidelities: fidelities, options: new StrategyOptions { InitialDesign = initialDesign });

    private static ProposalContext Empty(StudySpec study) => new(study, [], [], 0);

    [Fact]
    public void At_17_domains_the_default_design_is_what_half_a_target_run_buys_and_at_5_domains_the_domains_plus_one()
    {
        Assert.Equal(10, MfboProposer.UnprovenCheapRuns(Empty(Study(17, Ladder))));
        Assert.Equal(10, MfboProposer.Design(Empty(Study(17, Ladder))));
        Assert.Equal(6, MfboProposer.Design(Empty(Study(5, Ladder))));
    }

    [Fact]
    public void A_study_that_sets_initialDesign_keeps_it_and_a_single_rung_is_not_capped()
    {
        Assert.Equal(24, MfboProposer.Design(Empty(Study(17, Ladder, initialDesign: 24))));
        Assert.Equal(17, MfboProposer.Design(Empty(Study(17, Ladder, initialDesign: 4))));
        Assert.Equal(int.MaxValue, MfboProposer.UnprovenCheapRuns(Empty(Study(17, null))));
        Assert.Equal(18, MfboProposer.Design(Empty(Study(17, null))));
    }

    [Fact]
    public void At_17_domains_the_first_target_run_comes_after_the_capped_design_and_is_bos_first_pick()
    {
        var study = Study(17, Ladder);
        var mfbo = new MfboProposer();
        var observations = new List<Observation>();
        Proposal? first = null;
        for (var round = 0; round < 40 && first is null; round++)
        {
            var proposal = Assert.Single(mfbo.Propose(new ProposalContext(study, observations, [], round), 1));
            if (proposal.Fidelity == 1) first = proposal;
            else observations.Add(StrategyTestKit.Observe(study, proposal, observations.Count));
        }
        Assert.NotNull(first);
        // The design's 10 cheap runs, then at most what the knowledge gradient's allowance before target evidence adds.
        Assert.InRange(observations.Count, 10, 17);
        // The first target run is bo's own first pick: bo alone, with no target run yet, would run the same mixture.
        var bo = Assert.Single(new BoProposer().Propose(new ProposalContext(study with { Strategy = "bo" }, observations, [], 0), 1));
        Assert.Equal(bo.Mixture, first!.Mixture);
        Assert.NotNull(mfbo.Recommend(new ProposalContext(study, observations, [], observations.Count)));
    }
}

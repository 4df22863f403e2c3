using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Mobo;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class MoboProposerTests
{
    [Fact]
    public void On_the_known_front_it_covers_more_hypervolume_than_random_search()
    {
        // Same budget (8 rounds of 3), same seeds: EHVI should reach more of the true front than random mixtures.
        double mobo = 0, random = 0;
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var family = TwoObjectiveFamily.Create(3, seed);
            mobo += MultiObjectiveKit.HypervolumeRatio(family, MultiObjectiveKit.Run(new MoboProposer(), MultiObjectiveKit.Study(3, "mobo", seed), family, 8, 3));
            random += MultiObjectiveKit.HypervolumeRatio(family, MultiObjectiveKit.Run(new RandomDirichletProposer(), MultiObjectiveKit.Study(3, "random", seed), family, 8, 3));
        }
        Assert.True(mobo > random, $"mobo covered {mobo / 3:F3} of the true hypervolume on average, random {random / 3:F3}");
        Assert.True(mobo / 3 > 0.8, $"mobo covered only {mobo / 3:F3} of the true hypervolume");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)] // beyond three: random Chebyshev scalarizations
    public void Batches_are_new_distinct_and_deterministic(int objectives)
    {
        var family = TwoObjectiveFamily.Create(4, 7);
        var study = MultiObjectiveKit.Study(4, "mobo", 7, objectives);
        var observations = MultiObjectiveKit.Run(new MoboProposer(), study, family, 4, 4);
        var pending = new MoboProposer().Propose(new ProposalContext(study, observations, [], 4), 2);
        var context = new ProposalContext(study, observations, pending, 5);
        var batch = new MoboProposer().Propose(context, 5);
        Assert.Equal(5, batch.Count);
        Assert.All(batch, p => Assert.False(context.IsKnown(p)));
        Assert.Equal(batch.Count, batch.Select(p => p.Mixture.ToString()).Distinct().Count());
        Assert.Equal(batch.Select(p => p.Mixture.ToString()), new MoboProposer().Propose(context, 5).Select(p => p.Mixture.ToString()));
    }
}

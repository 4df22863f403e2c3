using MixOpt.Core.MultiObjective;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Mobo;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class ParetoRecommenderTests
{
    private static (StudySpec Study, List<Observation> Observations) Studied(TradeOffSpec? tradeOff = null)
    {
        var family = TwoObjectiveFamily.Create(3, 4);
        var study = MultiObjectiveKit.Study(3, "random", 4, tradeOff: tradeOff);
        return (study, MultiObjectiveKit.Run(new RandomDirichletProposer(), study, family, 5, 4));
    }

    [Fact]
    public void By_default_it_is_the_pareto_set_with_predictions()
    {
        var (study, observations) = Studied();
        var recommendation = ParetoRecommender.Recommend(new ProposalContext(study, observations, [], 0))!;
        Assert.NotNull(recommendation.Front);
        var expected = ParetoFront.Indices(observations.Select(o => o.ObjectiveValues!).ToArray(), [true, true]).Count;
        Assert.Equal(expected, recommendation.Front!.Count);
        Assert.All(recommendation.Front, p =>
        {
            Assert.Equal(2, p.Predicted.Count);
            Assert.All(p.StdDev, s => Assert.True(s >= 0 && double.IsFinite(s)));
            Assert.DoesNotContain(recommendation.Front, q => ParetoFront.Dominates(q.Observed.ToArray(), p.Observed.ToArray()));
        });
        Assert.Null(recommendation.NoFeasiblePoint);
    }

    [Fact]
    public void A_constraint_is_honoured_by_the_chosen_mixture()
    {
        var (study, observations) = Studied();
        var median = observations.Select(o => o.ObjectiveValues![0]).Order().ElementAt(observations.Count / 2);
        var bound = Math.Round(median, 3);
        var (constrained, _) = Studied(new TradeOffSpec { Constraints = [$"f1 <= {bound.ToString(System.Globalization.CultureInfo.InvariantCulture)}"], Weights = new Dictionary<string, double> { ["f2"] = 1 } });
        var recommendation = ParetoRecommender.Recommend(new ProposalContext(constrained, observations, [], 0))!;
        Assert.Null(recommendation.NoFeasiblePoint);
        Assert.StartsWith("trade-off", recommendation.Basis);
        var predicted = new ObjectiveTable_(constrained, observations).PredictF1(recommendation.Mixture);
        Assert.True(predicted <= bound + 1e-9, $"predicted f1 {predicted} breaks f1 <= {bound}");
    }

    [Fact]
    public void An_unmeetable_constraint_is_recorded_as_no_feasible_point()
    {
        var (study, observations) = Studied();
        var (constrained, _) = Studied(new TradeOffSpec { Constraints = ["f1 <= -50"] });
        var recommendation = ParetoRecommender.Recommend(new ProposalContext(constrained, observations, [], 0))!;
        Assert.NotNull(recommendation.NoFeasiblePoint);
        Assert.Contains("no feasible point", recommendation.NoFeasiblePoint);
        Assert.Contains("f1 <= -50", recommendation.NoFeasiblePoint);
        Assert.NotNull(recommendation.Front);
    }

    /// <summary>The f1 GP the recommender fits, refitted the same way, to read its prediction at a mixture.</summary>
    private sealed class ObjectiveTable_(StudySpec study, IReadOnlyList<Observation> observations)
    {
        public double PredictF1(Core.Mixtures.Mixture m)
        {
            var context = new ProposalContext(study, observations, [], 0);
            var table = ObjectiveTable.AtTarget(context);
            var models = table.FitModels(Core.Randomness.SeedMixer.Mix(study.Seed, 0x9A7E));
            var (mean, _) = ObjectiveTable.Predict(models, m.ToArray(), 1, context.Target.Value);
            return mean[0][0];
        }
    }
}

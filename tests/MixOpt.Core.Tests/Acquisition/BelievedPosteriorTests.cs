using MixOpt.Core.Acquisition;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Acquisition;

/// <summary>The acquisition layer: pending runs are believed once, and every acquisition built on the posterior sees them.</summary>
public class BelievedPosteriorTests
{
    private static (TargetGp Model, Mixture[] Observed) Fitted(int seed)
    {
        var observed = new UniformSimplexSampler(3, seed).Sample(12).ToArray();
        var values = observed.Select(m => Math.Pow(m[0] - 0.6, 2) + 0.5 * m[1]).ToArray();
        return (TargetGp.Fit(observed.Select(m => m.ToArray()).ToArray(), values, BayesianDefaults.Fitter, seed), observed);
    }

    [Fact]
    public void A_pending_run_is_believed_known_so_its_acquisition_value_collapses()
    {
        var (model, _) = Fitted(3);
        var pending = Mixture.Create([0.5, 0.3, 0.2]);
        BelievedPosterior.RunEncoder encode = (w, _, input) => TargetGp.Encode(w, input);
        var without = BelievedPosterior.Create(model.Process, encode, []);
        var with = BelievedPosterior.Create(model.Process, encode, [(pending, 1.0)]);

        var (believed, open) = (with.Predict(pending.ToArray(), 1).Variance, without.Predict(pending.ToArray(), 1).Variance);
        Assert.True(believed < 0.1 * open, $"variance at the pending run {believed} vs {open} without it");
        var best = 0.0;
        var before = SingleRungAcquisition.UpperConfidenceBound(without, 1, minimize: true).Score(pending.ToArray()).Value;
        var after = SingleRungAcquisition.UpperConfidenceBound(with, 1, minimize: true).Score(pending.ToArray()).Value;
        Assert.True(after < before, $"UCB at a pending run {after} should be below {before}");
        Assert.True(SingleRungAcquisition.LogExpectedImprovement(with, 1, best, minimize: true).Score(pending.ToArray()).Fidelity == 1);
    }

    [Fact]
    public void The_batch_loop_believes_each_pick_so_members_are_distinct_and_the_first_matches_a_single_pick()
    {
        var (model, observed) = Fitted(5);
        var study = Strategies.StrategyTestKit.Study(3, "bo", 5);
        var context = new ProposalContext(study, observed.Select(m => new Observation(m, 1, 0)).ToArray(), [], 0);
        var posterior = BelievedPosterior.Create(model.Process, (w, _, input) => TargetGp.Encode(w, input), []);
        IAcquisition Build(BelievedPosterior p, IReadOnlyList<Proposal> _) => SingleRungAcquisition.UpperConfidenceBound(p, 1, minimize: true);
        IReadOnlyList<double[]> Starts(int i) => CandidateSet.Build(context, [], 64, 11 + i);

        var batch = AcquisitionBatch.Fill(context, 4, posterior, Build, Starts, new Random(1));
        var single = AcquisitionBatch.Fill(context, 1, posterior, Build, Starts, new Random(1));

        Assert.Equal(4, batch.Count);
        Assert.Equal(single[0], batch[0]);
        for (var i = 0; i < batch.Count; i++)
            for (var j = i + 1; j < batch.Count; j++) Assert.True(batch[i].Mixture.Distance(batch[j].Mixture) > 1e-3, $"members {i} and {j} coincide");
    }
}

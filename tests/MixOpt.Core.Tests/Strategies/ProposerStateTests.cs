using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>A proposer kept between decisions (as the study grain keeps it) reuses its fits and answers exactly as fresh ones would.</summary>
public class ProposerStateTests
{
    private static readonly IReadOnlyList<FidelitySpec> Ladder = [new FidelitySpec { Value = 0.1, Cost = 0.1 }, new FidelitySpec { Value = 1, Cost = 1 }];

    [Theory]
    [InlineData("bo")]
    [InlineData("mfbo")]
    public void A_kept_instance_fits_fewer_times_and_proposes_what_fresh_instances_propose(string name)
    {
        var study = StrategyTestKit.Study(3, name, 9, fidelities: name == "mfbo" ? Ladder : null, options: new StrategyOptions { InitialDesign = 4 });
        var kept = ProposerCatalog.Create(name);
        // 40 runs already in: past 32 rows hyperparameters are refitted only at the schedule's refit points (36, 41, …).
        var observations = new MixOpt.Core.Mixtures.UniformSimplexSampler(3, 9).Sample(40)
            .Select((m, i) => StrategyTestKit.Observe(study, new Proposal(m, i % 4 == 0 ? 1 : study.Fidelities?[0].Value ?? 1), i)).ToList();
        var freshFits = 0;
        for (var round = 0; round < 5; round++)
        {
            var context = new ProposalContext(study, observations.ToArray(), [], round);
            var fresh = ProposerCatalog.Create(name);
            var expected = fresh.Propose(context, 1);
            var actual = kept.Propose(context, 1);
            Assert.Equal(expected, actual);
            // The study asks for a recommendation on the same data: the kept instance serves it from its last fit.
            Assert.Equal(fresh.Recommend(context)?.Mixture, kept.Recommend(context)?.Mixture);
            freshFits += Fits(fresh);
            observations.AddRange(actual.Select(p => StrategyTestKit.Observe(study, p, observations.Count)));
        }
        Assert.True(Fits(kept) < freshFits, $"kept instance fitted {Fits(kept)} times, fresh ones {freshFits}");
    }

    private static int Fits(IProposer proposer) => proposer switch
    {
        BoProposer bo => bo.HyperparameterFits,
        MfboProposer mfbo => mfbo.HyperparameterFits,
        _ => throw new ArgumentOutOfRangeException(nameof(proposer)),
    };
}

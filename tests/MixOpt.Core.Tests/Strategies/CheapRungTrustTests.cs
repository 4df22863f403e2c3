using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>Trust in cheap rungs is earned on paired target runs (cheap twins), switched on for strong ladders and off again when new pairs disagree.</summary>
public class CheapRungTrustTests
{
    private static ProblemFamily Family(double rho, int seed = 2) =>
        ProblemFamily.Create(new ProblemFamilySpec { Domains = 5, Rungs = 2, CheapRankCorrelation = rho, NoiseToEffect = 0.05 }, seed);

    private static StudySpec Study(ProblemFamily family, int seed) => new()
    {
        Name = "trust", Domains = family.DomainNames.Select(n => new DomainSpec { Name = n }).ToArray(),
        Fidelities = family.Ladder, Budget = new BudgetSpec { Runs = 500 }, Seed = seed,
    };

    /// <summary><paramref name="cheapOnly"/> mixtures at the cheap rung only, then <paramref name="paired"/> at both rungs.</summary>
    private static ProposalContext Context(ProblemFamily family, int cheapOnly, int paired, int seed)
    {
        // Sparse mixtures, as the family's rank correlations are defined on.
        var random = new Random(seed);
        var draws = Enumerable.Range(0, cheapOnly + paired).Select(_ => Mixture.Normalize(SparseDirichlet.Next(family.Spec.Domains, random))).ToArray();
        var cheap = family.Ladder[0].Value;
        var target = family.Ladder[^1].Value;
        var observations = draws.Select((m, i) => new Observation(m, cheap, family.Sample(m, cheap, i)))
            .Concat(draws.Skip(cheapOnly).Select((m, i) => new Observation(m, target, family.Sample(m, target, 10_000 + i))))
            .ToList();
        return new ProposalContext(Study(family, seed), observations, [], 0);
    }

    [Fact]
    public void Pairs_that_agree_perfectly_earn_trust_from_four_and_one_swap_among_five_does_not()
    {
        double[] target = [1, 2, 3, 4, 5];
        Assert.False(CheapRungTrust.Earned([PairedRungEvidence.Estimate(0, [1, 2, 3], [1, 2, 3], 1)]));
        Assert.True(CheapRungTrust.Earned([PairedRungEvidence.Estimate(0, [1, 2, 3, 4], [1, 2, 3, 4], 1)]));
        Assert.True(CheapRungTrust.Earned([PairedRungEvidence.Estimate(0, target, target, 1)]));
        Assert.False(CheapRungTrust.Earned([PairedRungEvidence.Estimate(0, [1, 2, 4, 3, 5], target, 1)]));
        Assert.False(CheapRungTrust.Earned([PairedRungEvidence.Estimate(0, [5, 4, 3, 2, 1], target, 1)]));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_strong_ladder_earns_trust_and_a_reversed_one_never_does(int seed)
    {
        var strong = MfboProposer.Paired(Context(Family(0.99, seed), cheapOnly: 20, paired: 10, seed));
        Assert.True(CheapRungTrust.Earned(strong), $"{strong[0]}");
        var reversed = MfboProposer.Paired(Context(Family(-0.6, seed), cheapOnly: 20, paired: 10, seed));
        Assert.False(CheapRungTrust.Earned(reversed), $"{reversed[0]}");
        var weak = MfboProposer.Paired(Context(Family(0.3, seed), cheapOnly: 20, paired: 10, seed));
        Assert.False(CheapRungTrust.Earned(weak), $"{weak[0]}");
    }

    [Fact]
    public void Trust_is_withdrawn_when_new_pairs_disagree()
    {
        var context = Context(Family(0.99), cheapOnly: 20, paired: 8, seed: 4);
        Assert.True(CheapRungTrust.Earned(MfboProposer.Paired(context)), $"{MfboProposer.Paired(context)[0]}");
        var mfbo = new MfboProposer();
        Assert.Null(mfbo.Distrusted(context));

        // Four more pairs whose target results run opposite to their cheap results.
        var cheap = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var extra = new UniformSimplexSampler(5, 99).Sample(4).ToArray();
        var observations = context.Observations.ToList();
        for (var i = 0; i < extra.Length; i++)
        {
            observations.Add(new Observation(extra[i], cheap, 10.0 + i));
            observations.Add(new Observation(extra[i], target, -10.0 - i));
        }
        var contradicted = context with { Observations = observations };
        Assert.False(CheapRungTrust.Earned(MfboProposer.Paired(contradicted)));
        Assert.NotNull(new MfboProposer().Distrusted(contradicted));
        Assert.All(new MfboProposer().Propose(contradicted, 3), p => Assert.Equal(target, p.Fidelity));
    }

    [Fact]
    public void Each_target_run_gets_a_cheap_twin_first_and_only_an_open_pool_row()
    {
        var family = Family(0.3);
        var context = Context(family, cheapOnly: 10, paired: 0, seed: 3);
        var cheap = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var lone = new UniformSimplexSampler(5, 77).Sample(2).ToArray();
        var observations = context.Observations.Append(new Observation(lone[0], target, 1.0)).ToList();
        var withTarget = context with { Observations = observations, Pending = [new Proposal(lone[1], target)] };

        var twins = CheapTwin.Propose(withTarget, 5);
        Assert.Equal([new Proposal(lone[0], cheap), new Proposal(lone[1], cheap)], twins);
        Assert.Single(CheapTwin.Propose(withTarget, 1));
        Assert.Equal(new Proposal(lone[0], cheap), Assert.Single(new MfboProposer().Propose(withTarget, 1)));

        // In a pool the twin must be an open row: lone[0]'s cheap row is open, lone[1]'s is not in the pool.
        var pool = observations.Select(o => new Proposal(o.Mixture, o.Fidelity)).Append(new Proposal(lone[0], cheap)).Append(new Proposal(lone[1], target)).ToArray();
        Assert.Equal([new Proposal(lone[0], cheap)], CheapTwin.Propose(withTarget with { Pool = pool }, 5));

        // A single-rung study has no twin to run.
        var single = StrategyTestKit.Study(4, "mfbo", 1, options: new StrategyOptions());
        Assert.Empty(CheapTwin.Propose(new ProposalContext(single, [], [], 0), 3));
    }
    [Fact]
    public void A_refuted_cheapest_rung_gets_no_more_twins_and_an_unrefuted_one_does()
    {
        // Known answers: six pairs in opposite order (Spearman -1) are refuted, six in the same order are not.
        double[] target = [1, 2, 3, 4, 5, 6];
        Assert.False(MfboProposer.TwinsWanted([PairedRungEvidence.Estimate(0, [6, 5, 4, 3, 2, 1], target, 1)]));
        Assert.True(MfboProposer.TwinsWanted([PairedRungEvidence.Estimate(0, target, target, 1)]));
        // Too few pairs to measure (three) refute nothing.
        Assert.True(MfboProposer.TwinsWanted([PairedRungEvidence.Estimate(0, [3, 2, 1], [1, 2, 3], 1)]));

        // A study whose six paired target runs ran opposite to their cheap runs: a new target run gets no twin, so
        // mfbo's next proposal is at the target (bo's pick), where an unrefuted rung's would be the twin.
        var context = Context(Family(0.3), cheapOnly: 10, paired: 0, seed: 3);
        var cheap = context.Fidelities[0].Value;
        var fidelity = context.Target.Value;
        var mixtures = new UniformSimplexSampler(5, 41).Sample(7).ToArray();
        var reversed = context.Observations.ToList();
        for (var i = 0; i < 6; i++)
        {
            reversed.Add(new Observation(mixtures[i], cheap, 10.0 + i));
            reversed.Add(new Observation(mixtures[i], fidelity, -10.0 - i));
        }
        reversed.Add(new Observation(mixtures[6], fidelity, -5.0));
        var refuted = context with { Observations = reversed };
        Assert.False(MfboProposer.TwinsWanted(MfboProposer.Paired(refuted)));
        Assert.NotEmpty(CheapTwin.Propose(refuted, 1));
        Assert.Equal(fidelity, Assert.Single(new MfboProposer().Propose(refuted, 1)).Fidelity);

        var agreeing = reversed.Select(o => o.Fidelity == fidelity && o.Value <= -10 ? o with { Value = -o.Value } : o).ToList();
        var unrefuted = context with { Observations = agreeing };
        Assert.True(MfboProposer.TwinsWanted(MfboProposer.Paired(unrefuted)));
        Assert.Equal(new Proposal(mixtures[6], cheap), Assert.Single(new MfboProposer().Propose(unrefuted, 1)));
    }

    [Fact]
    public void Two_or_three_pairs_that_all_agree_open_screening_before_trust_and_any_disagreement_closes_it()
    {
        // Known answers of the gate on the cheapest rung's pairs.
        Assert.False(PreTrustScreening.Wanted([]));
        Assert.False(PreTrustScreening.Wanted([PairedRungEvidence.Estimate(0, [1], [1], 1)]));
        Assert.True(PreTrustScreening.Wanted([PairedRungEvidence.Estimate(0, [1, 2], [3, 4], 1)]));
        Assert.False(PreTrustScreening.Wanted([PairedRungEvidence.Estimate(0, [2, 1], [3, 4], 1)]));
        Assert.True(PreTrustScreening.Wanted([PairedRungEvidence.Estimate(0, [1, 2, 3], [1, 2, 3], 1)]));
        Assert.False(PreTrustScreening.Wanted([PairedRungEvidence.Estimate(0, [1, 3, 2], [1, 2, 3], 1)]));
        // From four pairs the trust test decides.
        Assert.False(PreTrustScreening.Wanted([PairedRungEvidence.Estimate(0, [1, 2, 3, 4], [1, 2, 3, 4], 1)]));

        // Ten cheap runs and two paired target runs: when the pairs agree, mfbo's next run is a cheap screening run;
        // when they disagree, it is at the target (bo's pick), as before any trust.
        var context = Context(Family(0.3), cheapOnly: 10, paired: 0, seed: 3);
        var cheap = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var mixtures = new UniformSimplexSampler(5, 43).Sample(2).ToArray();
        List<Observation> Runs(double sign)
        {
            var runs = context.Observations.ToList();
            for (var i = 0; i < mixtures.Length; i++)
            {
                runs.Add(new Observation(mixtures[i], cheap, 10.0 + i));
                runs.Add(new Observation(mixtures[i], target, sign * (10.0 + i)));
            }
            return runs;
        }
        var agreeing = context with { Observations = Runs(1) };
        Assert.True(PreTrustScreening.Wanted(MfboProposer.Paired(agreeing)));
        Assert.Equal(cheap, Assert.Single(new MfboProposer().Propose(agreeing, 1)).Fidelity);
        var disagreeing = context with { Observations = Runs(-1) };
        Assert.False(PreTrustScreening.Wanted(MfboProposer.Paired(disagreeing)));
        Assert.Equal(target, Assert.Single(new MfboProposer().Propose(disagreeing, 1)).Fidelity);
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>
/// mfbo's cheap screening before trust (<see cref="PreTrustScreening"/>) leaves bo's path alone: its runs are cheap until
/// the allowance is spent, and the target run after them is the one bo makes on the target runs alone.
/// </summary>
public class PreTrustScreeningTests
{
    private static ProblemFamily Family() =>
        ProblemFamily.Create(new ProblemFamilySpec { Domains = 5, Rungs = 2, CheapRankCorrelation = 0.3, NoiseToEffect = 0.05 }, seed: 2);

    /// <summary>
    /// Ten cheap-only runs, then two mixtures at both rungs whose cheap and target values rank alike (the screening's
    /// gate). One of the two is the natural mixture, so bo's next target run is a space-filling design row, which
    /// depends on the runs bo is shown.
    /// </summary>
    private static ProposalContext Screening(out ProblemFamily family)
    {
        family = Family();
        var f = family;
        var study = new StudySpec
        {
            Name = "screening", Domains = f.DomainNames.Select(n => new DomainSpec { Name = n }).ToArray(),
            Fidelities = f.Ladder, Budget = new BudgetSpec { Runs = 500 }, Seed = 7,
        };
        var cheap = f.Ladder[0].Value;
        var target = f.Ladder[^1].Value;
        var random = new Random(7);
        var observations = Enumerable.Range(0, 10)
            .Select(i => Mixture.Normalize(SparseDirichlet.Next(f.Spec.Domains, random)))
            .Select((m, i) => new Observation(m, cheap, f.Sample(m, cheap, i)))
            .ToList();
        Mixture[] paired = [StudySpace.NaturalMixture(study), Mixture.Normalize(SparseDirichlet.Next(f.Spec.Domains, random))];
        for (var i = 0; i < paired.Length; i++)
        {
            observations.Add(new Observation(paired[i], cheap, 10.0 + i));
            observations.Add(new Observation(paired[i], target, 20.0 + i));
        }
        return new ProposalContext(study, observations, [], observations.Count);
    }

    [Fact]
    public void A_screening_batch_is_cheap_until_the_allowance_is_spent_and_then_bo_picks_the_target_run_on_the_target_runs_alone()
    {
        var context = Screening(out _);
        var target = context.Target.Value;
        Assert.True(PreTrustScreening.Wanted(MfboProposer.Paired(context)));

        // Allowance 0.5 of a target run at 0.05 a cheap run: ten cheap runs, then the target; 12 asks for one past it.
        var batch = new MfboProposer().Propose(context, 12);
        Assert.Equal(12, batch.Count);
        var first = batch.ToList().FindIndex(p => p.Fidelity == target);
        Assert.True(first > 0, "the screening ran no cheap run first");
        Assert.All(batch.Take(first), p => Assert.True(p.Fidelity < target));
        // The cheap runs stop exactly where the allowance is spent, not before and not after.
        Assert.True(TargetEvidence.MustRunTarget(context, batch.Take(first).ToList(), () => 0));
        Assert.False(TargetEvidence.MustRunTarget(context, batch.Take(first - 1).ToList(), () => 0));

        // bo alone on a study holding only these two target runs, in its round for them: the same target run.
        var targetRuns = context.Observations.Where(o => o.Fidelity == target).ToArray();
        var boAlone = new BoProposer().Propose(context with { Observations = targetRuns, Round = targetRuns.Length }, 1);
        Assert.Equal(Assert.Single(boAlone), batch[first]);
    }

    [Fact]
    public void A_batch_of_one_is_never_cut_and_a_screening_without_cheap_picks_is_all_bo()
    {
        var context = Screening(out var family);
        var cheap = new Proposal(Mixture.Normalize([1, 1, 1, 1, 6]), family.Ladder[0].Value);
        var calls = 0;
        IReadOnlyList<Proposal> Bo(ProposalContext c, int n)
        {
            calls++;
            Assert.Contains(cheap, c.Pending);
            return Enumerable.Range(0, n).Select(i => new Proposal(Mixture.Normalize([1, 1, 1, 1, 2 + i]), context.Target.Value)).ToArray();
        }
        Assert.Equal([cheap], PreTrustScreening.ThenBo(context, [cheap], 1, Bo));
        Assert.Equal(0, calls);
        // Fewer cheap picks than asked for (no open rows left): bo fills the rest, with the cheap pick pending.
        var filled = PreTrustScreening.ThenBo(context, [cheap], 3, Bo);
        Assert.Equal(3, filled.Count);
        Assert.Equal(cheap, filled[0]);
        Assert.All(filled.Skip(1), p => Assert.Equal(context.Target.Value, p.Fidelity));
        Assert.Equal(1, calls);
    }
}

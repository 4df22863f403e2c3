using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

/// <summary>
/// What a proposer may look at: the study, every finished observation, and the runs still pending
/// (so it never proposes one of them again). <see cref="Round"/> counts proposal calls and feeds the seed.
/// When <see cref="Pool"/> is set (retrospective benchmarks), proposals must be rows of it and the
/// recommendation must be a pool row at the target fidelity.
/// </summary>
public sealed record ProposalContext(
    StudySpec Study,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<Proposal> Pending,
    int Round,
    IReadOnlyList<Proposal>? Pool = null)
{
    public int Domains => Study.Domains.Count;

    /// <summary>The study's fidelity ladder, cheapest first; a study that names none has the single target rung.</summary>
    public IReadOnlyList<FidelitySpec> Fidelities { get; } =
        (Study.Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget).OrderBy(x => x.Value).ToArray();

    /// <summary>The rung the study optimizes for: the largest fidelity.</summary>
    public FidelitySpec Target => Fidelities[^1];

    /// <summary>The cost of one run at <paramref name="fidelity"/> (the nearest rung's cost).</summary>
    public double CostOf(double fidelity) => Fidelities.MinBy(f => Math.Abs(f.Value - fidelity))!.Cost;

    /// <summary>True when the same mixture at the same fidelity is already observed or pending.</summary>
    public bool IsKnown(Proposal p) =>
        Observations.Any(o => o.Fidelity == p.Fidelity && o.Mixture.Equals(p.Mixture)) ||
        Pending.Any(q => q.Fidelity == p.Fidelity && q.Mixture.Equals(p.Mixture));

    /// <summary>True when <paramref name="m"/> at the target fidelity is already observed or pending.</summary>
    public bool IsKnown(Mixture m) => IsKnown(new Proposal(m, Target.Value));
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

/// <summary>
/// What a proposer may look at: the study, every finished observation, and the runs still pending
/// (so it never proposes one of them again). <see cref="Round"/> counts proposal calls and feeds the seed.
/// </summary>
public sealed record ProposalContext(
    StudySpec Study,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<Mixture> Pending,
    int Round)
{
    public int Domains => Study.Domains.Count;

    /// <summary>True when <paramref name="m"/> equals an observed or pending mixture.</summary>
    public bool IsKnown(Mixture m) => Observations.Any(o => o.Mixture.Equals(m)) || Pending.Any(p => p.Equals(m));
}

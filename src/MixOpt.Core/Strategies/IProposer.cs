namespace MixOpt.Core.Strategies;

/// <summary>A strategy: from a study's observations and pending runs, the next batch of runs, and a recommendation.</summary>
public interface IProposer
{
    string Name { get; }

    /// <summary>Returns up to <paramref name="count"/> proposals, none equal to an observed or pending run.</summary>
    IReadOnlyList<Proposal> Propose(ProposalContext context, int count);

    /// <summary>The mixture this strategy recommends at the target fidelity now, or null before any observation.</summary>
    Recommendation? Recommend(ProposalContext context);
}

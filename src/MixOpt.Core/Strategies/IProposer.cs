namespace MixOpt.Core.Strategies;

/// <summary>A strategy: from a study's observations and pending runs, the next batch of runs.</summary>
public interface IProposer
{
    string Name { get; }

    /// <summary>Returns up to <paramref name="count"/> proposals, none equal to an observed or pending run.</summary>
    IReadOnlyList<Proposal> Propose(ProposalContext context, int count);
}

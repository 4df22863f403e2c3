using MixOpt.Core.Acquisition;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The greedy batch of the Bayesian strategies: build the acquisition on the posterior, take its best run, believe
/// that run (kriging believer) and build again, until the batch is full or nothing new is left. Batch members are
/// distinct, and a freed worker asking for one proposal gets the same first pick a full batch would.
/// </summary>
public static class AcquisitionBatch
{
    /// <param name="posterior">The fitted model with the study's pending runs already believed.</param>
    /// <param name="build">The acquisition on a posterior, given the batch chosen so far.</param>
    /// <param name="candidates">Starting points of the search for the batch member of the given index.</param>
    public static List<Proposal> Fill(ProposalContext context, int count, BelievedPosterior posterior, Func<BelievedPosterior, IReadOnlyList<Proposal>, IAcquisition> build,
        Func<int, IReadOnlyList<double[]>> candidates, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var batch = new List<Proposal>(count);
        while (batch.Count < count)
        {
            var index = batch.Count;
            var acquisition = build(posterior, batch);
            var next = AcquisitionChoice.Next(context, batch, acquisition.Score, acquisition.Fidelities, () => candidates(index), random);
            if (next is null) break;
            batch.Add(next);
            posterior = posterior.Believe([(next.Mixture, next.Fidelity)]);
        }
        return batch;
    }
}

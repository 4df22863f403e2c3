namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The cheapest-rung twin of a target run: the same mixture at the ladder's cheapest rung. mfbo runs one for every
/// target run that lacks it, so each target run is also a pair for <see cref="PairedRungEvidence"/> at a few per cent
/// of its cost (0.05 of a target run in the problem suite). Pairs measured this way are an unbiased sample of the
/// mixtures mfbo chose at the target, not of the cheap rung's favourites, and they keep arriving after trust is
/// earned, so new pairs that disagree withdraw it.
/// </summary>
public static class CheapTwin
{
    /// <summary>
    /// Up to <paramref name="count"/> twins for target runs (observed or pending, oldest first) that have no run or
    /// pending run at the cheapest rung; with a pool, only twins whose row is open. Empty for a single-rung study.
    /// </summary>
    public static IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Fidelities.Count < 2 || count <= 0) return [];
        var cheapest = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var open = context.Pool is null ? null : context.OpenPoolRows(cheapest);
        var batch = new List<Proposal>();
        var atTarget = context.Observations.Where(o => o.Fidelity >= target).Select(o => o.Mixture)
            .Concat(context.Pending.Where(p => p.Fidelity >= target).Select(p => p.Mixture));
        foreach (var mixture in atTarget)
        {
            if (batch.Count >= count) break;
            var twin = new Proposal(mixture, cheapest);
            if (open is not null && !open.Any(p => p.Mixture.Equals(mixture))) continue;
            context.TryAdd(batch, twin);
        }
        return batch;
    }
}

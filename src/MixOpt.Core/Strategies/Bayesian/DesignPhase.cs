using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The initial design of the model-based strategies: a space-filling spread (away from anything already run or
/// pending) at one fidelity, or, with a pool, random open pool rows at that fidelity.
/// </summary>
public static class DesignPhase
{
    public static List<Proposal> Propose(ProposalContext context, int count, double fidelity, int seed)
    {
        var batch = new List<Proposal>(count);
        if (context.Pool is not null)
        {
            var random = new Random(seed);
            foreach (var row in context.OpenPoolRows(fidelity).OrderBy(_ => random.Next()).Take(count)) batch.Add(row);
            return batch;
        }
        var existing = context.Observations.Select(o => o.Mixture).Concat(context.Pending.Select(p => p.Mixture)).ToArray();
        var sampler = new SpaceFillingSampler(context.Domains, seed, context.Constraints(), existing);
        foreach (var m in sampler.Sample(count)) context.TryAdd(batch, new Proposal(m, fidelity));
        return batch;
    }
}

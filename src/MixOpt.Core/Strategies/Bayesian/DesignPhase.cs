using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The initial design of the model-based strategies: the natural mixture (uniform when token counts are unknown)
/// first, since it is the default every study would otherwise train and often a good one, then a space-filling
/// spread (away from anything already run or pending) at one fidelity; with a pool, random open pool rows at that fidelity.
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
        if (count > 0) context.TryAdd(batch, new Proposal(StudySpace.NaturalMixture(context.Study), fidelity));
        var existing = context.Observations.Select(o => o.Mixture).Concat(context.Pending.Select(p => p.Mixture)).Concat(batch.Select(p => p.Mixture)).ToArray();
        var sampler = new SpaceFillingSampler(context.Domains, seed, context.Constraints(), existing);
        foreach (var m in sampler.Sample(count - batch.Count)) context.TryAdd(batch, new Proposal(m, fidelity));
        return batch;
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;

namespace MixOpt.Core.Strategies;

/// <summary>
/// A baseline built around one fixed mixture (uniform or natural): it proposes that mixture first, then spreads
/// further runs with the baseline's sampler, all at the target fidelity. With a pool it takes the unused target
/// rows nearest the centre. It recommends its best observed run.
/// </summary>
public abstract class CentredBaselineProposer : IProposer
{
    public abstract string Name { get; }

    /// <summary>The baseline's own mixture, inside the constraints.</summary>
    protected abstract Mixture Centre(ProposalContext context);

    /// <summary>How the baseline continues once its centre is known.</summary>
    protected abstract IMixtureSampler Sampler(ProposalContext context, int seed);

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var target = context.Target.Value;
        var centre = Centre(context);
        var batch = new List<Proposal>(count);
        if (count == 0) return batch;
        if (context.Pool is not null)
        {
            foreach (var row in context.OpenPoolRows(target).OrderBy(r => r.Mixture.Distance(centre)).Take(count)) batch.Add(row);
            return batch;
        }
        context.TryAdd(batch, new Proposal(centre, target));
        var sampler = Sampler(context, SeedMixer.Mix(context.Study.Seed, context.Round, Name.Length, 0xBA5E));
        for (var tries = 0; batch.Count < count && tries < 20; tries++)
            foreach (var m in sampler.Sample(count - batch.Count))
                context.TryAdd(batch, new Proposal(m, target));
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context) => context.BestObserved();
}

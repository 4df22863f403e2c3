using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Random search: mixtures drawn from a flat Dirichlet over the study's domains, at the target fidelity
/// (or, with a pool, unused pool rows at the target fidelity in random order).
/// The draw depends only on the study seed and the round, so a resumed study proposes what it would have.
/// </summary>
public sealed class RandomDirichletProposer : IProposer
{
    public const string StrategyName = "random";

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0x7A4D);
        var target = context.Target.Value;
        if (context.Pool is { } pool)
        {
            var random = new Random(seed);
            return pool.Where(p => p.Fidelity == target && !context.IsKnown(p))
                .OrderBy(_ => random.Next()).Take(count).ToList();
        }

        var sampler = DirichletSampler.Uniform(context.Domains, concentration: 1.0, seed);
        var batch = new List<Proposal>(count);
        var attempts = 0;
        while (batch.Count < count && attempts++ < count * 100)
        {
            var p = new Proposal(sampler.Next(), target);
            if (context.IsKnown(p) || batch.Any(b => b.Mixture.Equals(p.Mixture))) continue;
            batch.Add(p);
        }
        return batch;
    }

    /// <summary>Random search has no model: it recommends its best observed run at the target fidelity.</summary>
    public Recommendation? Recommend(ProposalContext context)
    {
        var best = BestObservation.Find(context.Observations, context.Study.Objective, context.Target.Value);
        return best is null ? null : new Recommendation(best.Mixture, best.Value, 0, "best observed");
    }
}

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

        // Uniform over the feasible simplex: a flat Dirichlet that honours the study's constraints.
        var sampler = new UniformSimplexSampler(context.Domains, seed, context.Constraints());
        var batch = new List<Proposal>(count);
        for (var tries = 0; batch.Count < count && tries < 20; tries++)
            foreach (var m in sampler.Sample(count - batch.Count))
                context.TryAdd(batch, new Proposal(m, target));
        return batch;
    }

    /// <summary>Random search has no model: it recommends its best observed run at the target fidelity.</summary>
    public Recommendation? Recommend(ProposalContext context)
    {
        var best = BestObservation.Find(context.Observations, context.Study.Objective, context.Target.Value);
        return best is null ? null : new Recommendation(best.Mixture, best.Value, 0, "best observed");
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Runs any strategy in a study's hierarchical space (<c>groups</c>). The strategy keeps seeing the flat simplex
/// (so every surrogate works); this wrapper keeps its proposals and recommendation inside every level's bounds
/// by projecting them level by level (<see cref="MixtureHierarchy.Project"/>), and tops up a batch that projection
/// made smaller with hierarchical draws. Random search draws hierarchically outright (a Dirichlet per level).
/// </summary>
public sealed class HierarchicalProposer(IProposer inner, MixtureHierarchy hierarchy) : IProposer, IDisposable
{
    public IProposer Inner => inner;

    public string Name => inner.Name;

    /// <summary><paramref name="proposer"/> wrapped for <paramref name="study"/>'s groups, or unchanged for a flat study.</summary>
    public static IProposer For(StudySpec study, IProposer proposer) =>
        StudyHierarchy.Of(study) is { } hierarchy ? new HierarchicalProposer(proposer, hierarchy) : proposer;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        // A retrospective pool fixes the mixtures that exist; there is nothing to move.
        if (context.Pool is not null) return inner.Propose(context, count);
        var batch = new List<Proposal>(count);
        if (inner.Name != RandomDirichletProposer.StrategyName)
            foreach (var p in inner.Propose(context, count))
                context.TryAdd(batch, p with { Mixture = Projected(p.Mixture) });
        var sampler = new HierarchicalSampler(hierarchy, SeedMixer.Mix(context.Study.Seed, context.Round, 0x41E2));
        for (var tries = 0; batch.Count < count && tries < 20; tries++)
            foreach (var m in sampler.Sample(count - batch.Count))
                context.TryAdd(batch, new Proposal(m, context.Target.Value));
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        var recommendation = inner.Recommend(context);
        if (recommendation is null) return null;
        // An observed mixture was proposed inside the space already (QuaDMix's refit would only snap it to its grid).
        if (context.Observations.Any(o => o.Mixture.Equals(recommendation.Mixture))) return recommendation;
        var projected = Projected(recommendation.Mixture);
        return projected.Equals(recommendation.Mixture) ? recommendation
            : recommendation with { Mixture = projected, Basis = recommendation.Basis + "; moved into the groups' bounds" };
    }

    private Mixture Projected(Mixture m)
    {
        var row = m.ToArray();
        hierarchy.Project(row);
        return Mixture.Normalize(row);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}

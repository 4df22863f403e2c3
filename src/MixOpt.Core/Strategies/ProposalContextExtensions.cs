using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>What every strategy derives from its context: options, constraints, training data, pool rows, distinct batches.</summary>
public static class ProposalContextExtensions
{
    public static StrategyOptions Options(this ProposalContext context) => context.Study.StrategyOptions ?? new StrategyOptions();

    public static MixtureConstraints Constraints(this ProposalContext context) => StudySpace.ConstraintsOf(context.Study);

    /// <summary>The design size before a model is fitted: the study's choice, else twice the domains (at least domains + 1).</summary>
    public static int InitialDesign(this ProposalContext context) =>
        context.Options().InitialDesign ?? Math.Max(context.Domains + 1, 2 * context.Domains);

    /// <summary>Observations as surrogate training data (all fidelities; surrogates decide how to use them).</summary>
    public static SurrogateData TrainingData(this ProposalContext context) =>
        new(context.Observations.Select(o => o.Mixture.ToArray()).ToArray(),
            context.Observations.Select(o => o.Fidelity).ToArray(),
            context.Observations.Select(o => o.Value).ToArray());

    /// <summary>Pool rows at <paramref name="fidelity"/> that are neither observed nor pending.</summary>
    public static IReadOnlyList<Proposal> OpenPoolRows(this ProposalContext context, double fidelity) =>
        context.Pool is null ? [] : context.Pool.Where(p => p.Fidelity == fidelity && !context.IsKnown(p)).ToArray();

    /// <summary>Adds <paramref name="proposal"/> when it is new to the study and to the batch; returns whether it did.</summary>
    public static bool TryAdd(this ProposalContext context, List<Proposal> batch, Proposal proposal)
    {
        if (context.IsKnown(proposal) || batch.Any(b => b.Fidelity == proposal.Fidelity && b.Mixture.Equals(proposal.Mixture))) return false;
        batch.Add(proposal);
        return true;
    }

    /// <summary>
    /// Fills <paramref name="batch"/> up to <paramref name="count"/> at the cheapest rung, as the screening strategies do
    /// once their model's picks are in: open pool rows in a seeded random order on a pool, else draws of the RegMix
    /// design around the natural (token) distribution.
    /// </summary>
    public static List<Proposal> FillAtCheapestRung(this ProposalContext context, List<Proposal> batch, int count, double cheapest, int seed)
    {
        if (context.Pool is not null)
        {
            var random = new Random(seed);
            foreach (var row in context.OpenPoolRows(cheapest).OrderBy(_ => random.Next()))
            {
                if (batch.Count >= count) break;
                context.TryAdd(batch, row);
            }
            return batch;
        }
        var design = new RegMixSampler(context.Domains, seed, StudySpace.NaturalWeights(context.Study), context.Constraints(), context.Options().EffectiveTemperature);
        for (var tries = 0; batch.Count < count && tries < 20; tries++)
            foreach (var m in design.Sample(count - batch.Count))
                context.TryAdd(batch, new Proposal(m, cheapest));
        return batch;
    }

    /// <summary>The best observed run at the target (as random search would recommend it), or null before any.</summary>
    public static Recommendation? BestObserved(this ProposalContext context)
    {
        var best = BestObservation.Find(context.Observations, context.Study.Objective, context.Target.Value);
        return best is null ? null : new Recommendation(best.Mixture, best.Value, 0, "best observed");
    }
}

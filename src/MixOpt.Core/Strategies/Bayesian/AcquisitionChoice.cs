using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// Picks the next run by maximizing an acquisition: over the open pool rows in pool mode, otherwise by
/// multi-start simplex search from a candidate set. Never returns a run that is known or already in the batch.
/// </summary>
public static class AcquisitionChoice
{
    /// <param name="score">Acquisition of a mixture at a fidelity (higher is better).</param>
    /// <param name="fidelities">The fidelities the strategy may choose between.</param>
    public static Proposal? Next(ProposalContext context, IReadOnlyList<Proposal> batch, Func<double[], double, double> score,
        IReadOnlyList<double> fidelities, Func<IReadOnlyList<double[]>> candidates, Random random)
    {
        bool Taken(Proposal p) => context.IsKnown(p) || batch.Any(b => b.Fidelity == p.Fidelity && b.Mixture.Equals(p.Mixture));

        if (context.Pool is not null)
        {
            var open = fidelities.SelectMany(f => context.OpenPoolRows(f)).Where(p => !Taken(p)).ToArray();
            if (open.Length == 0) return null;
            var values = new double[open.Length];
            Parallel.For(0, open.Length, i => values[i] = score(open[i].Mixture.ToArray(), open[i].Fidelity));
            return open[Array.IndexOf(values, values.Max())];
        }

        // Best fidelity for a mixture = the one with the highest acquisition (per cost, for cost-aware scores).
        double Best(double[] w) => fidelities.Max(f => score(w, f));
        var pool = candidates();
        var constraints = context.Constraints();
        var (point, _) = new SimplexSearch().Maximize(Best, constraints, pool, random);
        var ranked = new[] { point }.Concat(pool.OrderByDescending(Best).Take(20));
        foreach (var w in ranked)
        {
            var mixture = Mixture.Normalize(w);
            var fidelity = fidelities.MaxBy(f => score(w, f));
            var proposal = new Proposal(mixture, fidelity);
            if (!Taken(proposal)) return proposal;
        }
        return null;
    }
}

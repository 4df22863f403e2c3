using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// Picks the next run by maximizing an acquisition: over the open pool rows in pool mode, otherwise by
/// multi-start simplex search from a candidate set. Never returns a run that is known or already in the batch.
/// </summary>
public static class AcquisitionChoice
{
    /// <param name="score">Best acquisition value of a mixture over the fidelities it may run at, and that fidelity (higher is better).</param>
    /// <param name="fidelities">The fidelities the strategy may choose between (pool mode).</param>
    public static Proposal? Next(ProposalContext context, IReadOnlyList<Proposal> batch, Func<double[], (double Value, double Fidelity)> score,
        IReadOnlyList<double> fidelities, Func<IReadOnlyList<double[]>> candidates, Random random)
    {
        bool Taken(Proposal p) => context.IsKnown(p) || batch.Any(b => b.Fidelity == p.Fidelity && b.Mixture.Equals(p.Mixture));

        if (context.Pool is not null)
        {
            // Each open mixture is scored once over the rungs where it is still open.
            var open = fidelities.SelectMany(f => context.OpenPoolRows(f)).Where(p => !Taken(p)).ToArray();
            if (open.Length == 0) return null;
            var mixtures = open.Select(p => p.Mixture).Distinct().ToArray();
            var results = new (double Value, Proposal? Proposal)[mixtures.Length];
            Parallel.For(0, mixtures.Length, i =>
            {
                var (value, fidelity) = score(mixtures[i].ToArray());
                var proposal = new Proposal(mixtures[i], fidelity);
                // The preferred rung may already be taken for this mixture; then it competes at an open one.
                results[i] = open.Contains(proposal) ? (value, proposal) : (double.NegativeInfinity, open.First(p => p.Mixture.Equals(mixtures[i])));
            });
            return results.MaxBy(r => r.Value).Proposal;
        }

        var pool = candidates();
        double Value(double[] w) => score(w).Value;
        var constraints = context.Constraints();
        var (point, _) = new SimplexSearch().Maximize(Value, constraints, pool, random);
        // The search's optimum, or when that run is taken already, the best remaining candidate (scored lazily: rare).
        foreach (var w in new[] { point }.Concat(pool.OrderByDescending(Value)))
        {
            var (_, fidelity) = score(w);
            var proposal = new Proposal(Mixture.Normalize(w), fidelity);
            if (!Taken(proposal)) return proposal;
        }
        return null;
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The recommendation of a GP-based strategy: the mixture whose target value the posterior is confident is good,
/// i.e. the best pessimistic bound μ ± κ·σ (over the pool's target rows in pool mode, otherwise by simplex search
/// from the observed mixtures and sampled ones), reported with its posterior mean and standard deviation. The
/// pessimism keeps a recommendation from jumping to a barely explored corner whose mean happens to look good.
/// </summary>
public static class PosteriorRecommendation
{
    public delegate void Encoder(double[] mixture, Span<double> input);

    /// <param name="pessimism">κ in μ ± κσ: 1 for a single-fidelity GP. A multi-fidelity GP passes 0 (the posterior
    /// mean): before the first target runs every target prediction shares the uncertainty about the level of the
    /// target scale, which the first target run removes at its own mixture only, so a pessimistic bound would jump to
    /// whatever mixture was run at the target first, however poor (seen on the oracle: regret 0.007 → 0.09).</param>
    public static Recommendation Best(ProposalContext context, Encoder encode, GaussianProcess process, IEnumerable<double[]> observed, int seed, string basis,
        double pessimism = 1.0)
    {
        var minimize = context.Study.Objective.Minimize;
        var target = context.Target.Value;
        (double Mean, double Variance) At(double[] w)
        {
            var input = new double[process.InputWidth];
            encode(w, input);
            return process.Predict(input);
        }
        double Utility(double[] w)
        {
            var (mean, variance) = At(w);
            return (minimize ? -mean : mean) - pessimism * Math.Sqrt(variance);
        }

        double[] best;
        if (context.Pool is not null)
        {
            var rows = context.Pool.Where(p => p.Fidelity == target).Select(p => p.Mixture.ToArray()).ToArray();
            if (rows.Length == 0) return context.BestObserved() ?? throw new InvalidOperationException("No target rows in the pool and no observations.");
            var utilities = new double[rows.Length];
            Parallel.For(0, rows.Length, i => utilities[i] = Utility(rows[i]));
            // A pool row already run at the target has a recorded result, which is what choosing it yields: its
            // utility is that result, not the model's smoothed guess. So the recommendation moves off the best run
            // row only for a row whose pessimistic bound beats that result, and never gets worse as target runs come in.
            var known = KnownTargetValues(context);
            var fromRuns = 0;
            for (var i = 0; i < rows.Length; i++)
                if (known.TryGetValue(Mixture.Normalize(rows[i]), out var value)) { utilities[i] = minimize ? -value : value; fromRuns++; }
            var index = Array.IndexOf(utilities, utilities.Max());
            best = rows[index];
            basis += $", best of {rows.Length} pool rows ({fromRuns} valued by their target runs)";
            if (known.TryGetValue(Mixture.Normalize(best), out var observedValue))
                return new Recommendation(Mixture.Normalize(best), observedValue, 0, basis + ", run at the target");
        }
        else
        {
            var observedRows = observed.ToArray();
            var incumbents = observedRows.OrderByDescending(Utility).Take(4).ToArray();
            var candidates = CandidateSet.Build(context, incumbents, BayesianDefaults.Candidates, seed).Concat(observedRows).ToArray();
            best = new SimplexSearch { EvaluationsPerStart = 80 }.Maximize(Utility, context.Constraints(), candidates, new Random(seed)).Point;
        }
        var (mean, variance) = At(best);
        return new Recommendation(Mixture.Normalize(best), mean, Math.Sqrt(variance), basis);
    }

    /// <summary>The recorded target result of each mixture run at the target (the best, should a mixture be run twice).</summary>
    private static Dictionary<Mixture, double> KnownTargetValues(ProposalContext context)
    {
        var minimize = context.Study.Objective.Minimize;
        var known = new Dictionary<Mixture, double>();
        foreach (var o in context.Observations.Where(o => o.Fidelity >= context.Target.Value))
            if (!known.TryGetValue(o.Mixture, out var seen) || (minimize ? o.Value < seen : o.Value > seen)) known[o.Mixture] = o.Value;
        return known;
    }
}

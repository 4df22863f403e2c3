using MixOpt.Core.Mixtures;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies.Mobo;

/// <summary>
/// A multi-objective study's recommendation at the target rung. By default the Pareto set of its runs, each point with
/// the objectives' GP predictions (mean ± standard deviation). With a trade-off, the one mixture, among the runs and a
/// seeded sample of the feasible simplex, whose predicted values meet every constraint and minimize the weighted sum
/// (each objective in its own direction; without weights, the first objective); when none meets the constraints, the
/// recommendation says so and why, and falls back to the first objective's best run.
/// </summary>
public static class ParetoRecommender
{
    /// <summary>Mixtures sampled beside the runs when a trade-off is searched with models.</summary>
    public const int TradeOffCandidates = 2000;

    public static Recommendation? Recommend(ProposalContext context)
    {
        var table = ObjectiveTable.AtTarget(context);
        if (table.Rows.Count == 0) return context.BestObserved();
        var spec = context.Study;
        var names = spec.ObjectiveNames();
        var target = context.Target.Value;
        var seed = SeedMixer.Mix(spec.Seed, 0x9A7E);
        IFittedSurrogate[]? models = null;
        try { if (table.Rows.Count >= 3) models = table.FitModels(seed); }
        catch (ArgumentException) { models = null; } // too few or too alike runs: the observations stand for themselves

        var rowMixtures = table.Rows.Select(r => r.Mixture).ToArray();
        var (rowMean, rowStd) = Predictions(models, table, rowMixtures, target);
        var front = table.FrontIndices()
            .Select(i => new ParetoPoint(rowMixtures[i], table.Raw[i], Column(rowMean, i), Column(rowStd, i)))
            .OrderBy(p => table.Minimize[0] ? p.Observed[0] : -p.Observed[0])
            .ToArray();
        var basis = models is null ? "Pareto set of the observed runs" : "Pareto set of the observed runs, with each objective's GP prediction";

        if (spec.TradeOff is not { } tradeOff || (tradeOff.Weights is not { Count: > 0 } && tradeOff.Constraints is not { Count: > 0 }))
            return new Recommendation(front[0].Mixture, front[0].Predicted[0], front[0].StdDev[0], basis) { Front = front };

        var constraints = (tradeOff.Constraints ?? []).Select(c => TradeOffConstraint.TryParse(c, out _)
            ?? throw new ArgumentException($"Trade-off constraint '{c}' does not parse.")).ToArray();
        var weights = names.Select(n => tradeOff.Weights?.GetValueOrDefault(n) ?? 0.0).ToArray();
        if (weights.All(w => w == 0)) weights[0] = 1; // constraints alone: the best first objective among what meets them

        // The runs, and with models a sample of the feasible simplex: a constraint may be met where no run went yet.
        var mixtures = new List<Mixture>(rowMixtures);
        var mean = rowMean;
        var std = rowStd;
        if (models is not null && context.Pool is null)
        {
            mixtures.AddRange(new UniformSimplexSampler(context.Domains, seed, context.Constraints()).Sample(TradeOffCandidates));
            (mean, std) = Predictions(models, table, mixtures, target);
        }
        var best = -1;
        var bestScore = double.PositiveInfinity;
        var closest = new double[constraints.Length];
        Array.Fill(closest, double.PositiveInfinity);
        for (var i = 0; i < mixtures.Count; i++)
        {
            var meets = true;
            for (var c = 0; c < constraints.Length; c++)
            {
                var value = mean[Array.IndexOf(names.ToArray(), constraints[c].Metric)][i];
                var miss = constraints[c].AtMost ? value - constraints[c].Bound : constraints[c].Bound - value;
                closest[c] = Math.Min(closest[c], Math.Max(0, miss));
                if (miss > 0) meets = false;
            }
            if (!meets) continue;
            var score = 0.0;
            for (var j = 0; j < weights.Length; j++) score += weights[j] * (table.Minimize[j] ? mean[j][i] : -mean[j][i]);
            if (score < bestScore) { bestScore = score; best = i; }
        }
        var described = string.Join(", ", constraints.Select(c => c.ToString()));
        if (best < 0)
        {
            var misses = string.Join("; ", constraints.Select((c, k) => $"{c}: closest predicted value misses by {closest[k]:G4}"));
            var reason = $"no feasible point: none of {mixtures.Count} mixtures ({table.Rows.Count} runs{(models is null ? "" : " and a sample of the simplex")}) is predicted to meet {described} ({misses})";
            return new Recommendation(front[0].Mixture, front[0].Predicted[0], front[0].StdDev[0], reason) { Front = front, NoFeasiblePoint = reason };
        }
        var chosen = mixtures[best];
        var weighting = string.Join(" + ", names.Select((n, j) => (n, w: weights[j])).Where(p => p.w != 0).Select(p => $"{p.w:G4}·{p.n}"));
        return new Recommendation(chosen, mean[0][best], std[0][best],
            $"trade-off: minimizes {weighting}{(constraints.Length > 0 ? $" subject to {described}" : "")} over the runs{(models is null ? "" : " and a sample of the simplex, by GP predictions")}")
        { Front = front };
    }

    private static (double[][] Mean, double[][] StdDev) Predictions(IFittedSurrogate[]? models, ObjectiveTable table, IReadOnlyList<Mixture> mixtures, double target)
    {
        if (models is not null) return ObjectiveTable.Predict(models, ObjectiveTable.Flatten(mixtures, mixtures[0].Count), mixtures.Count, target);
        // No model: a run's prediction is its observation, exactly known.
        var mean = Enumerable.Range(0, table.Objectives).Select(j => table.Raw.Select(r => r[j]).ToArray()).ToArray();
        var std = Enumerable.Range(0, table.Objectives).Select(_ => new double[table.Rows.Count]).ToArray();
        return (mean, std);
    }

    private static double[] Column(double[][] values, int row) => values.Select(v => v[row]).ToArray();
}

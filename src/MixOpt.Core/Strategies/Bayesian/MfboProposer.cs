using MixOpt.Core.Acquisition;
using MixOpt.Core.Randomness;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// Multi-fidelity, cost-aware Bayesian optimization (ADMIRE-BayesOpt style): a space-filling design at the
/// cheapest rung, then one multi-fidelity GP over (mixture, fidelity) and the cost-aware knowledge gradient, which
/// picks both the mixture and the rung by how much the run tells about the best mixture at the target per unit
/// cost. Pending runs and earlier batch members are kriging-believer fantasies. The recommendation is the best
/// posterior mean at the target, available before any target run.
/// </summary>
public sealed class MfboProposer : IProposer
{
    public const string StrategyName = "mfbo";

    /// <summary>Noise of a fantasized run (standardized scale): small, so the believer treats it as known.</summary>
    private const double FantasyNoise = 1e-6;

    /// <summary>Hyperparameter fits of this instance, reused between refit points (never changes a result).</summary>
    private readonly HyperparameterReuse _reuse = new();

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0x3FB0);
        var cheapest = context.Fidelities[0].Value;
        // A GP needs far fewer runs than a regression design: domains + 1 unless the study says otherwise.
        var design = Math.Max(context.Options().InitialDesign ?? context.Domains + 1, context.Domains);
        if (context.Observations.Count + context.Pending.Count < design || context.Observations.Count < Math.Max(context.Domains, 3))
            return DesignPhase.Propose(context, count, cheapest, seed);

        var model = Fit(context);
        var scale = model.Scale;
        var minimize = context.Study.Objective.Minimize;
        var process = Fantasize(model, model.Process, context.Pending.Select(p => (p.Mixture.ToArray(), p.Fidelity)));
        var fidelities = context.Fidelities.Select(f => f.Value).ToArray();
        var costs = context.Fidelities.Select(f => f.Cost).ToArray();
        var random = new Random(seed);
        var batch = new List<Proposal>(count);
        while (batch.Count < count)
        {
            var reference = ReferenceSet(context, model, process, seed + batch.Count);
            var acquisition = new CostAwareKnowledgeGradient(process, scale, minimize, reference);
            var next = AcquisitionChoice.Next(context, batch, w => acquisition.Best(w, fidelities, costs), fidelities,
                () => CandidateSet.Build(context, reference.Take(4), BayesianDefaults.Candidates, seed + batch.Count), random);
            if (next is null) break;
            batch.Add(next);
            process = Fantasize(model, process, [(next.Mixture.ToArray(), next.Fidelity)]);
        }
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        if (context.Observations.Count < Math.Max(context.Domains, 3)) return context.BestObserved();
        var seed = SeedMixer.Mix(context.Study.Seed, context.Observations.Count, 0x3FB1);
        var model = Fit(context);
        var target = context.Target.Value;
        return PosteriorRecommendation.Best(context, (w, input) => MultiFidelityGpSurrogate.Encode(w, target, model.Scale, input), model.Process,
            context.Observations.Select(o => o.Mixture.ToArray()), seed, "multi-fidelity GP posterior mean at the target", pessimism: 0);
    }

    /// <summary>The multi-fidelity GP on every run; its hyperparameter seed depends only on the study (refit points add the row count).</summary>
    private MultiFidelityGpSurrogate.Fitted Fit(ProposalContext context)
    {
        var scale = new FidelityScale(context.Fidelities[0].Value, context.Target.Value);
        return (MultiFidelityGpSurrogate.Fitted)new MultiFidelityGpSurrogate { Fitter = BayesianDefaults.MapFitter(_reuse), Scale = scale }
            .Fit(context.TrainingData(), SeedMixer.Mix(context.Study.Seed, 0x3FB2));
    }

    /// <summary>The target mixtures the decision is about: the best by posterior mean among observed mixtures and pool or sampled ones.</summary>
    private static IReadOnlyList<double[]> ReferenceSet(ProposalContext context, MultiFidelityGpSurrogate.Fitted model, GaussianProcess process, int seed)
    {
        var target = context.Target.Value;
        IEnumerable<double[]> options = context.Observations.Select(o => o.Mixture.ToArray());
        options = context.Pool is not null
            ? options.Concat(context.Pool.Where(p => p.Fidelity == target).Select(p => p.Mixture.ToArray()))
            : options.Concat(CandidateSet.Build(context, [], BayesianDefaults.Candidates, seed));
        var rows = options.DistinctBy(r => string.Join(",", r.Select(v => Math.Round(v, 6)))).ToArray();
        var width = process.InputWidth;
        var inputs = new double[rows.Length * width];
        for (var i = 0; i < rows.Length; i++) MultiFidelityGpSurrogate.Encode(rows[i], target, model.Scale, inputs.AsSpan(i * width, width));
        var means = new double[rows.Length];
        process.PredictMeans(inputs, means);
        var minimize = context.Study.Objective.Minimize;
        return Enumerable.Range(0, rows.Length).OrderBy(i => minimize ? means[i] : -means[i]).Take(BayesianDefaults.ReferenceSet).Select(i => rows[i]).ToArray();
    }

    /// <summary>Kriging believer over (mixture, fidelity) pairs.</summary>
    private static GaussianProcess Fantasize(MultiFidelityGpSurrogate.Fitted model, GaussianProcess process, IEnumerable<(double[] Mixture, double Fidelity)> runs)
    {
        var list = runs.ToArray();
        if (list.Length == 0) return process;
        var width = process.InputWidth;
        var inputs = new double[list.Length * width];
        var values = new double[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            MultiFidelityGpSurrogate.Encode(list[i].Mixture, list[i].Fidelity, model.Scale, inputs.AsSpan(i * width, width));
            values[i] = process.Predict(inputs.AsSpan(i * width, width)).Mean;
        }
        return process.WithObservations(inputs, values, noise: FantasyNoise);
    }
}

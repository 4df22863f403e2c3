using MixOpt.Core.Acquisition;
using MixOpt.Core.Randomness;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// Multi-fidelity, cost-aware Bayesian optimization (ADMIRE-BayesOpt style): a space-filling design at the
/// cheapest rung, then one multi-fidelity GP over (mixture, fidelity) and the cost-aware knowledge gradient, which
/// picks both the mixture and the rung by how much the run tells about the best mixture at the target per unit
/// cost. Pending runs and earlier batch members are kriging-believer fantasies (<see cref="AcquisitionBatch"/>). The recommendation is the best
/// posterior mean at the target, available before any target run.
/// </summary>
public sealed class MfboProposer : IProposer
{
    public const string StrategyName = "mfbo";

    /// <summary>The strategy options it reads: design size and the temperature of its search's starting points.</summary>
    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } = [StrategyOption.InitialDesign, StrategyOption.Temperature];

    /// <summary>Hyperparameter fits of this instance, reused between refit points (never changes a result).</summary>
    private readonly HyperparameterReuse _reuse = new();

    /// <summary>Hyperparameter fits this instance has computed; a caller that keeps the instance between decisions pays only for the refit points.</summary>
    public int HyperparameterFits => _reuse.Fits;

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
        var posterior = BelievedPosterior.Create(model.Process, (w, fidelity, input) => MultiFidelityGpSurrogate.Encode(w, fidelity, scale, input), context.Pending);
        var fidelities = context.Fidelities.Select(f => f.Value).ToArray();
        var costs = context.Fidelities.Select(f => f.Cost).ToArray();
        IReadOnlyList<double[]> reference = [];
        return AcquisitionBatch.Fill(context, count, posterior,
            (current, index) =>
            {
                reference = ReferenceSet(context, model, current.Process, seed + index);
                return new CostAwareKnowledgeGradient(current.Process, scale, minimize, reference, fidelities, costs);
            },
            fidelities, index => CandidateSet.Build(context, reference.Take(4), BayesianDefaults.Candidates, seed + index), new Random(seed));
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
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// CLIMB-style iterative bootstrapping (2025): sample a broad design at the cheapest fidelity; then each round fit
/// a predictor on everything observed, score a large sample (or the open pool rows), keep only the predicted top
/// of it (a fraction that shrinks as data accumulates), and spread the next runs over that region by maximin.
/// Like RegMix, each round also checks the current recommendation at the target fidelity.
/// </summary>
public sealed class ClimbProposer : IProposer
{
    public const string StrategyName = "climb";

    /// <summary>The strategy options it reads: its predictor, design size and the Dirichlet its samples come from.</summary>
    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } = [StrategyOption.Surrogate, StrategyOption.InitialDesign, StrategyOption.Temperature];

    /// <summary>Candidates scored per round outside pool mode.</summary>
    public const int RoundCandidates = 20_000;

    /// <summary>Hyperparameter fits of this instance, reused between refit points (never changes a result).</summary>
    private readonly Surrogates.Gp.HyperparameterReuse _reuse = new();

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0xC11B);
        var cheapest = context.Fidelities[0].Value;
        var design = Math.Max(context.InitialDesign(), context.Domains);
        var batch = new List<Proposal>(count);
        if (count == 0) return batch;
        if (context.Observations.Count < design)
            return Bayesian.DesignPhase.Propose(context, count, cheapest, seed);

        var (model, surrogate) = Fit(context);
        // A batch of two or more spends one slot checking the recommendation at the target; a single freed worker
        // keeps exploring at the cheap rung, so sequential use does not turn into target runs only.
        if (count >= 2 && Recommend(context, model, surrogate) is { } recommendation)
            context.TryAdd(batch, new Proposal(recommendation.Mixture, context.Target.Value));

        var candidates = context.Pool is not null
            ? context.OpenPoolRows(cheapest).Select(p => p.Mixture.ToArray()).ToArray()
            : CandidateSearch.SampleCandidates(context.Study, RoundCandidates, seed).Chunk(context.Domains).ToArray();
        if (candidates.Length == 0) return batch;
        var scores = new double[candidates.Length];
        model.Predict(candidates.SelectMany(c => c).ToArray(), context.Target.Value, scores, Span<double>.Empty);
        // The region shrinks with every round: keep design/n of the candidates (at least 2%, at most half).
        var fraction = Math.Clamp(design / (double)context.Observations.Count * 0.5, 0.02, 0.5);
        var keep = Math.Max(count, (int)(fraction * candidates.Length));
        var top = CandidateSearch.TopK(scores, keep, context.Study.Objective.Minimize).Select(i => candidates[i]).ToArray();
        foreach (var m in SpreadOut(top, count, context))
            if (batch.Count < count) context.TryAdd(batch, new Proposal(m, cheapest));
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        if (context.Observations.Count < Math.Max(context.Domains, 3)) return context.BestObserved();
        var (model, surrogate) = Fit(context);
        return Recommend(context, model, surrogate);
    }

    private static Recommendation? Recommend(ProposalContext context, IFittedSurrogate model, string surrogate)
    {
        var target = context.Target.Value;
        var minimize = context.Study.Objective.Minimize;
        var rows = context.Pool is not null
            ? context.Pool.Where(p => p.Fidelity == target).Select(p => p.Mixture.ToArray()).ToArray()
            : CandidateSearch.SampleCandidates(context.Study, RoundCandidates, SeedMixer.Mix(context.Study.Seed, 0xC11D)).Chunk(context.Domains)
                .Concat(context.Observations.Select(o => o.Mixture.ToArray())).ToArray();
        if (rows.Length == 0) return context.BestObserved();
        var scores = new double[rows.Length];
        model.Predict(rows.SelectMany(r => r).ToArray(), target, scores, Span<double>.Empty);
        var best = rows[CandidateSearch.TopK(scores, 1, minimize)[0]];
        var mean = new double[1];
        var std = new double[1];
        model.Predict(best, target, mean, std);
        return new Recommendation(Mixture.Normalize(best), mean[0], std[0], $"best predicted of {rows.Length} mixtures ({surrogate})");
    }

    private (IFittedSurrogate Model, string Name) Fit(ProposalContext context)
    {
        // One seed per study: with the GP, hyperparameters are refitted on the refit schedule's data prefix.
        var seed = SeedMixer.Mix(context.Study.Seed, 0xC11C);
        var name = context.Options().Surrogate ?? GaussianProcessSurrogate.SurrogateName;
        ISurrogate surrogate = name == GaussianProcessSurrogate.SurrogateName
            ? new GaussianProcessSurrogate { Fitter = Bayesian.BayesianDefaults.ScheduledFitter(_reuse), LogFidelityCentre = Math.Log(context.Target.Value) }
            : SurrogateCatalog.Create(name);
        return (surrogate.Fit(context.TrainingData(), seed), name);
    }

    /// <summary>Greedy maximin over the kept region, away from what already ran.</summary>
    private static IEnumerable<Mixture> SpreadOut(double[][] region, int count, ProposalContext context)
    {
        var nearest = region.Select(r => context.Observations.Select(o => Distance(r, o.Mixture.Weights)).DefaultIfEmpty(double.PositiveInfinity).Min()).ToArray();
        for (var k = 0; k < count; k++)
        {
            var best = Array.IndexOf(nearest, nearest.Max());
            if (best < 0 || nearest[best] <= 1e-9) yield break;
            var chosen = region[best];
            yield return Mixture.Normalize(chosen);
            for (var i = 0; i < region.Length; i++) nearest[i] = Math.Min(nearest[i], Distance(region[i], chosen));
        }
    }

    private static double Distance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var s = 0.0;
        for (var j = 0; j < a.Count; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.Sqrt(s);
    }
}

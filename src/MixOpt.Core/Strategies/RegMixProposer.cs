using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// RegMix (Liu et al. 2024). An initial design of Dirichlet mixtures (around the natural distribution) at the
/// cheapest fidelity; once the design is in, each batch first asks for the current recommendation at the target
/// fidelity (to check it where it matters) and fills up with more design draws. The recommendation fits the
/// study's surrogate (named, or the cross-validation winner) on the cheapest rung's runs, scores ≥ 1M sampled
/// mixtures and averages the top k.
/// With a pool (retrospective data), design runs are unused pool rows and the recommendation is the pool row at
/// the target fidelity with the best prediction.
/// </summary>
public sealed class RegMixProposer : IProposer
{
    public const string StrategyName = "regmix";

    /// <summary>The strategy options it reads: RegMix's knobs: regression, top-k mean over sampled candidates, design size, Dirichlet temperature.</summary>
    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } = [StrategyOption.Surrogate, StrategyOption.TopK, StrategyOption.Candidates, StrategyOption.InitialDesign, StrategyOption.Temperature];

    /// <summary>
    /// The last recommendation and the observations it was made from: a batch asks for the recommendation right
    /// after the study did, on the same data, and a cross-validated fit is the expensive part of RegMix.
    /// </summary>
    private (ProposalContext Context, Recommendation? Recommendation)? _last;

    /// <summary>This instance's surrogate ranking and GP hyperparameters, reused between their refit points (never changes a result).</summary>
    private readonly SurrogateChoice.RankingCache _ranking = new();
    private readonly Surrogates.Gp.HyperparameterReuse _reuse = new();

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0x4E61);
        var cheapest = context.Fidelities[0].Value;
        var batch = new List<Proposal>(count);
        if (count == 0) return batch;
        var designDone = context.Observations.Count >= context.InitialDesign();
        // A batch of two or more spends one slot checking the recommendation at the target; a single freed worker
        // keeps exploring at the cheap rung, so sequential use does not turn into target runs only.
        if (count >= 2 && designDone && Recommend(context) is { } recommendation)
            context.TryAdd(batch, new Proposal(recommendation.Mixture, context.Target.Value));

        return context.FillAtCheapestRung(batch, count, cheapest, seed);
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        if (_last is { } last && last.Context.Study == context.Study && ReferenceEquals(last.Context.Pool, context.Pool)
            && last.Context.Observations.SequenceEqual(context.Observations))
            return last.Recommendation;
        var recommendation = Compute(context);
        _last = (context, recommendation);
        return recommendation;
    }

    private Recommendation? Compute(ProposalContext context)
    {
        if (context.Observations.Count < Math.Max(context.Domains, 3)) return context.BestObserved();
        // One seed per study for the ranking and the fit, so that refit points (not call counts) decide what is refitted.
        var seed = SeedMixer.Mix(context.Study.Seed, 0x4E62);
        // RegMix's premise: rankings at the small scale carry over, so the regression learns from the cheapest rung's
        // runs alone; the target runs that check recommendations do not enter it (a handful of rows at another
        // scale would only teach a fidelity-blind regression an offset).
        var cheapest = context.Fidelities[0].Value;
        var screened = context.Observations.Where(o => o.Fidelity == cheapest).ToArray();
        if (screened.Length < Math.Max(context.Domains, 3)) return context.BestObserved();
        var data = SurrogateData.AtFidelity(screened.Select(o => o.Mixture.ToArray()).ToArray(), screened.Select(o => o.Value).ToArray(), cheapest);
        var (surrogate, table) = SurrogateChoice.Choose(context, data, seed, _reuse, _ranking);
        var model = surrogate.Fit(data, seed);
        var target = context.Target.Value;
        var minimize = context.Study.Objective.Minimize;
        var options = context.Options();

        Mixture mixture;
        string basis;
        if (context.Pool is not null)
        {
            var rows = context.Pool.Where(p => p.Fidelity == target).ToArray();
            if (rows.Length == 0) return context.BestObserved();
            var scores = new double[rows.Length];
            model.Predict(rows.SelectMany(r => r.Mixture.Weights).ToArray(), target, scores, Span<double>.Empty);
            mixture = rows[CandidateSearch.TopK(scores, 1, minimize)[0]].Mixture;
            basis = $"best predicted of {rows.Length} pool rows ({surrogate.Name})";
        }
        else
        {
            var candidates = CandidateSearch.SampleCandidates(context.Study, options.EffectiveCandidates, seed);
            mixture = CandidateSearch.TopKMean(model, candidates, context.Domains, target, options.EffectiveTopK, minimize);
            basis = $"mean of top {options.EffectiveTopK} of {options.EffectiveCandidates} sampled mixtures ({surrogate.Name})";
        }
        var mean = new double[1];
        var std = new double[1];
        model.Predict(mixture.ToArray(), target, mean, std);
        return new Recommendation(mixture, mean[0], std[0], basis) { Surrogates = table };
    }
}

using MixOpt.Core.Acquisition;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// Single-fidelity Bayesian optimization at the target scale: a small design (the natural mixture and a few
/// space-filling runs), then a MAP-fitted GP (Matérn-5/2 ARD, <see cref="TargetGp"/>)
/// and log expected improvement (or UCB when the study asks for it), maximized over the feasible simplex.
/// Pending runs and earlier batch members are conditioned on as kriging-believer fantasies (<see cref="BelievedPosterior"/>,
/// <see cref="AcquisitionBatch"/>), so batch members are distinct and a freed worker can get one new proposal at any time.
/// By default it runs at the target; <see cref="StrategyOptions.Fidelity"/> (or <paramref name="fidelity"/>) can
/// move it to a cheaper rung, whose best predicted mixture is then recommended for the target (<see cref="BoRung"/>).
/// </summary>
/// <param name="fidelity">Overrides the study's <see cref="StrategyOptions.Fidelity"/> (benchmarks run both variants side by side).</param>
public sealed class BoProposer(string? fidelity = null) : IProposer
{
    public const string StrategyName = "bo";

    /// <summary>The strategy options it reads: design size, acquisition, the rung it runs at, and the temperature of its search's starting points.</summary>
    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } = [StrategyOption.InitialDesign, StrategyOption.Acquisition, StrategyOption.Fidelity, StrategyOption.Temperature];

    /// <summary>Hyperparameter fits of this instance, reused between refit points (never changes a result).</summary>
    private readonly HyperparameterReuse _reuse = new();

    /// <summary>Hyperparameter fits this instance has computed; a caller that keeps the instance between decisions pays only for the refit points.</summary>
    public int HyperparameterFits => _reuse.Fits;

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var target = BoRung.Resolve(context, fidelity).Value;
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0xB0);
        var observed = context.Observations.Where(o => o.Fidelity == target).ToArray();
        // A MAP-fitted GP needs only a few runs: a small design unless the study says otherwise.
        var design = Math.Max(context.Options().InitialDesign ?? BayesianDefaults.TargetDesign(context.Domains), BayesianDefaults.MinimumFitRows);
        if (observed.Length + context.Pending.Count(p => p.Fidelity == target) < design || !CanFit(observed))
            return DesignPhase.Propose(context, count, target, seed);

        var model = Fit(context, observed);
        var minimize = context.Study.Objective.Minimize;
        var posterior = BelievedPosterior.Create(model.Process, (w, _, input) => TargetGp.Encode(w, input), context.Pending.Where(p => p.Fidelity == target).Select(p => (p.Mixture, p.Fidelity)));
        // Noisy EI's plug-in incumbent: the best posterior mean among the run mixtures, not the luckiest run (PosteriorIncumbent).
        var best = PosteriorIncumbent.Value(model.Process, (w, input) => TargetGp.Encode(w, input), observed.Select(o => o.Mixture.ToArray()), minimize);
        var useUcb = string.Equals(context.Options().Acquisition, "ucb", StringComparison.OrdinalIgnoreCase);
        var incumbents = observed.OrderBy(o => minimize ? o.Value : -o.Value).Take(4).Select(o => o.Mixture.ToArray()).ToArray();
        return AcquisitionBatch.Fill(context, count, posterior,
            (current, _) => useUcb
                ? SingleRungAcquisition.UpperConfidenceBound(current, target, minimize)
                : SingleRungAcquisition.LogExpectedImprovement(current, target, best, minimize),
            index => CandidateSet.Build(context, incumbents, BayesianDefaults.Candidates, seed + index), new Random(seed));
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        var rung = BoRung.Resolve(context, fidelity);
        var observed = context.Observations.Where(o => o.Fidelity == rung.Value).ToArray();
        if (!CanFit(observed)) return context.BestObserved();
        var seed = SeedMixer.Mix(context.Study.Seed, observed.Length, 0xB1);
        var model = Fit(context, observed);
        var basis = rung.Value == context.Target.Value
            ? "GP posterior mean at the target"
            : $"GP posterior at rung {rung.Name ?? rung.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, transferred to the target (mean and uncertainty are that rung's)";
        return PosteriorRecommendation.Best(context, (w, input) => TargetGp.Encode(w, input), model.Process,
            observed.Select(o => o.Mixture.ToArray()), seed, basis);
    }

    /// <summary>Enough target runs, not all alike, for a GP fit.</summary>
    private static bool CanFit(IReadOnlyList<Observation> observed) =>
        observed.Count >= BayesianDefaults.MinimumFitRows && observed.Any(o => o.Value != observed[0].Value);

    /// <summary>The GP on the target runs; its hyperparameter seed depends only on the study (refit points add the row count).</summary>
    private TargetGp Fit(ProposalContext context, IReadOnlyList<Observation> observed) =>
        TargetGp.Fit(observed.Select(o => o.Mixture.ToArray()).ToArray(), observed.Select(o => o.Value).ToArray(),
            BayesianDefaults.MapFitter(_reuse), SeedMixer.Mix(context.Study.Seed, 0xB0F1));
}

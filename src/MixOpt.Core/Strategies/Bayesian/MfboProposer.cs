using MixOpt.Core.Studies;
using MixOpt.Core.Mixtures;
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
        var design = Design(context);
        if (context.Observations.Count + context.Pending.Count < design || context.Observations.Count < FitFloor(context))
            return DesignPhase.Propose(context, count, cheapest, seed);

        // Every target run gets a twin at the cheapest rung (a few per cent of its cost): the pairs are what the cheap
        // rung's trust is measured on, and they keep being measured, so trust that new pairs contradict is withdrawn.
        // Once the pairs have refuted the cheapest rung (even their upper bound is below DistrustBelow) more twins
        // could not bring its trust back above TrustFrom in any budget the suite has, so they stop (see TwinsWanted).
        // The pairs are read once per proposal: every decision below (twins, screening, refuted rungs) is on the same pairs.
        var paired = Paired(context);
        var twins = TwinsWanted(paired) ? CheapTwin.Propose(context, count) : [];
        if (twins.Count > 0) return twins;
        // Until the pairs have earned it, cheap screening is off (after the first target run every run is at the target,
        // chosen as bo chooses it, on the target runs alone: see TargetOnly), except while the few pairs so far all agree
        // (see PreTrustScreening): then one allowance of cheap screening before the next target run, aimed by the model.
        // Its target run is bo's own pick, not one aimed by the cheap rung: bo's path is then unchanged, so on a ladder
        // whose first pairs agree by chance the screening costs its allowance and nothing more.
        var untrusted = Untrusted(context, paired);
        var probing = untrusted && PreTrustScreening.Wanted(paired) && !TargetEvidence.MustRunTarget(context, [], () => 0);
        if (untrusted && !probing) return _targetOnly.Propose(TargetOnly(context), count);
        var model = Fit(context);
        // A cheap rung the paired target runs have shown to rank unlike the target is not paid for any more, even
        // while another rung is still trusted; the model keeps what its runs said.
        var screened = Enumerable.Range(0, context.Fidelities.Count - 1).Where(r => !Refuted(paired, r)).ToArray();
        var minimize = context.Study.Objective.Minimize;
        var target = context.Target.Value;
        var posterior = BelievedPosterior.Create(model.Process, model.Encode, context.Pending.Select(p => (p.Mixture, p.Fidelity)));
        // While screening before trust the knowledge gradient is offered the cheap rungs only: a target run it chose
        // there would be aimed by a rung that has not earned trust and would leave bo's path (see PreTrustScreening).
        var offered = probing ? screened : screened.Append(context.Fidelities.Count - 1).ToArray();
        var fidelities = offered.Select(r => context.Fidelities[r].Value).ToArray();
        var costs = offered.Select(r => context.Fidelities[r].Cost).ToArray();
        IReadOnlyList<double[]> reference = [];
        IReadOnlyList<Mixture>? checkSet = null;
        // How far the data say the best cheap rung can be trusted at worst; without a learned trust, as far as the kernel assumes.
        // (Computed only when the cheap spend since the last target run could have used up an allowance.)
        double Trust() => probing ? 0 : model.Rungs is { } rungs ? TrustOf(rungs, context).Where(t => !Refuted(paired, t.Rung)).Select(t => t.Lower95).DefaultIfEmpty(0).Max() : 1.0;
        // The first target run is bo's own first pick (its seeded design row), not the knowledge gradient's pick among
        // the cheap runs: until a cheap rung earns trust every target run is then exactly the one bo alone would make, so
        // mfbo on a ladder that never earns trust is behind bo by its cheap spend and nothing else.
        if (TargetRuns(context) == 0 && model.Rungs is not null && TargetEvidence.MustRunTarget(context, [], Trust))
            return _targetOnly.Propose(TargetOnly(context), count);
        var targetCost = context.Target.Cost;
        var targetValues = context.Observations.Where(o => o.Fidelity == target).Select(o => o.Value).ToArray();
        double? bestTarget = targetValues.Length == 0 ? null : minimize ? targetValues.Min() : targetValues.Max();
        var chosen = AcquisitionBatch.Fill(context, count, posterior,
            (current, batch) =>
            {
                reference = ReferenceSet(context, model.Encode, current.Process, seed + batch.Count);
                // Target evidence: once the cheap rungs have had their allowance since the last target run, the
                // next run is at the target (the knowledge gradient still picks which mixture).
                checkSet = null;
                // While screening the allowance is ThenBo's to cut, so the target-run gate is not asked here.
                var mustRunTarget = !probing && model.Rungs is not null && TargetEvidence.MustRunTarget(context, batch, Trust);
                if (!mustRunTarget) return new CostAwareKnowledgeGradient(current.Process, model.Encode, target, minimize, reference, fidelities, costs);
                // Later target runs search the target as bo does (log EI on this posterior).
                var targetSoFar = context.Observations.Count(o => o.Fidelity == target) + context.Pending.Count(p => p.Fidelity == target) + batch.Count(p => p.Fidelity == target);
                // Only the first target run is a check among the cheap runs (the knowledge gradient's pick): after it,
                // mfbo runs at the target as bo does until its twins' pairs have earned trust (see CheapRungTrust), so
                // spread checks at mixtures the cheap rung ranks poorly are no longer needed.
                var checks = targetSoFar == 0 ? TargetEvidence.CheapOnly(context, batch) : [];
                if (checks.Count > 0)
                {
                    checkSet = checks;
                    return new RestrictedAcquisition(new CostAwareKnowledgeGradient(current.Process, model.Encode, target, minimize, reference, [target], [targetCost]), checks);
                }
                return bestTarget is { } incumbent
                    ? SingleRungAcquisition.LogExpectedImprovement(current, target, incumbent, minimize)
                    : new CostAwareKnowledgeGradient(current.Process, model.Encode, target, minimize, reference, [target], [targetCost]);
            },
            index => (IReadOnlyList<double[]>?)checkSet?.Select(m => m.ToArray()).ToArray() ?? CandidateSet.Build(context, reference.Take(4), BayesianDefaults.Candidates, seed + index), new Random(seed));
        return probing ? PreTrustScreening.ThenBo(context, chosen, count, (rest, left) => _targetOnly.Propose(TargetOnly(rest), left)) : chosen;
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        if (context.Observations.Count < FitFloor(context)) return context.BestObserved();
        var seed = SeedMixer.Mix(context.Study.Seed, context.Observations.Count, 0x3FB1);
        var model = Fit(context);
        var target = context.Target.Value;
        var targetRuns = context.Observations.Count(o => o.Fidelity == target);
        var trust = model.Rungs is { } rungs ? ", " + Describe(TrustOf(rungs, context), Paired(context), context) : "";
        // In target-only mode the recommendation is bo's once bo can fit the target runs; before that the multi-fidelity
        // posterior (below) knows more than the best of one or two target runs.
        if (targetRuns >= BayesianDefaults.MinimumFitRows && Untrusted(context) && _targetOnly.Recommend(TargetOnly(context)) is { } targetBacked)
            return targetBacked with { Basis = $"target runs only, no cheap rung has earned trust{trust}; {targetBacked.Basis}" };
        var basis = "multi-fidelity GP posterior at the target" + trust;
        // Once target runs exist the recommendation is the best pessimistic bound at the target: a mixture the target
        // runs (or cheap rungs the data trust) vouch for wins over one that only an untrusted cheap rung likes.
        return PosteriorRecommendation.Best(context, (w, input) => model.Encode(w, target, input), model.Process,
            context.Observations.Select(o => o.Mixture.ToArray()), seed, basis, pessimism: targetRuns > 0 ? TargetBackedPessimism : 0);
    }

    /// <summary>A cheap rung whose estimated correlation with the target is below this is not worth screening on.</summary>
    public const double DistrustBelow = 0.75;

    /// <summary>
    /// What mfbo does once no cheap rung can be trusted: bo at the target, on the target runs alone. Log EI on the
    /// coregionalized model instead (engine15) searched slower than bo on weak and reversed ladders: its lengthscales are
    /// fitted mostly to the cheap runs, whose shape is not the target's. (Handing over to bo lost before the trust
    /// checks were spread over the cheap ranking, when the target runs bo inherited were all the cheap rung's favourites.)
    /// </summary>
    private readonly BoProposer _targetOnly = new(BoRung.Target);

    /// <summary>
    /// The study as bo sees it in target-only mode: mfbo's design size is a cheap-rung count, not bo's; and its round
    /// is the number of target runs so far, so that bo's seeded choices (its design rows, its search's starting points)
    /// are the ones bo alone would make with those target runs: mfbo on an untrusted ladder is bo's picks plus their
    /// cheap twins, not a differently seeded bo. bo sees the target runs (observed and pending) only: its design spreads
    /// away from the runs it is shown, and the cheap design, twins and screening runs would move it off bo's path.
    /// </summary>
    private static ProposalContext TargetOnly(ProposalContext context)
    {
        var target = context.Target.Value;
        var aligned = context with
        {
            Round = TargetRuns(context),
            Observations = context.Observations.Where(o => o.Fidelity >= target).ToArray(),
            Pending = context.Pending.Where(p => p.Fidelity >= target).ToArray(),
        };
        return context.Study.StrategyOptions is { InitialDesign: not null } options
            ? aligned with { Study = context.Study with { StrategyOptions = options with { InitialDesign = null } } }
            : aligned;
    }

    /// <summary>
    /// Runs at the cheapest rung before the first model and the first target run: domains + 1 unless the study says
    /// otherwise (a GP needs far fewer runs than a regression design), but on a ladder by default no more than
    /// <see cref="UnprovenCheapRuns"/>, what half a target run costs. Until paired target runs have measured the cheap
    /// rung this design is a bet that the ladder transfers: on a strong ladder it can find the best mixture before any
    /// target run (d5-r4-rho0.99: median cost to top-1% 0.45), on a weak or reversed one it is pure overhead ahead of
    /// bo's path (18 × 0.05 = 0.9 of a target run at 17 domains, engine15d). The same half a target run is what
    /// <see cref="TargetEvidence.FirstAllowance"/> lets cheap rungs spend before target evidence exists; once trust is
    /// earned the knowledge gradient buys the cheap runs the design left out, at the same price. A study's own
    /// initialDesign is kept as given (never fewer than the domains).
    /// </summary>
    public static int Design(ProposalContext context) =>
        context.Options().InitialDesign is { } given
            ? Math.Max(given, Math.Max(context.Domains, 3))
            : Math.Max(Math.Min(context.Domains + 1, UnprovenCheapRuns(context)), BayesianDefaults.MinimumFitRows);

    /// <summary>
    /// Cheapest-rung runs that cost <see cref="TargetEvidence.FirstAllowance"/> target runs together; unbounded on a single
    /// rung (there the design is at the target and is the search's start, not a bet on transfer).
    /// </summary>
    public static int UnprovenCheapRuns(ProposalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Fidelities.Count < 2) return int.MaxValue;
        var cheapest = context.Fidelities[0].Cost;
        return cheapest > 0 ? (int)Math.Min(int.MaxValue / 2, Math.Floor(TargetEvidence.FirstAllowance * context.Target.Cost / cheapest + 1e-9)) : int.MaxValue;
    }

    /// <summary>Runs the model is first fitted on: the domains (at least 3), or the design when that is smaller (MAP priors fit bo on 3 target runs at 17 domains).</summary>
    private static int FitFloor(ProposalContext context) => Math.Min(Math.Max(context.Domains, 3), Design(context));

    /// <summary>
    /// The best cheap rung's learned trust when mfbo runs at the target only (as bo), because the study has target runs
    /// and no cheap rung has earned trust from its paired target runs (<see cref="CheapRungTrust.Earned"/>); else null.
    /// Assumed trust cost mfbo on weak and reversed ladders: it kept buying cheap runs and fell behind bo.
    /// </summary>
    public RungTrust? Distrusted(ProposalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Fidelities.Count < 2 || context.Observations.Count < FitFloor(context)) return null;
        if (!Untrusted(context)) return null;
        return Fit(context).Rungs is { } rungs ? TrustOf(rungs, context).MaxBy(t => t.Correlation) : null;
    }

    /// <summary>A ladder with target runs on which no cheap rung has earned trust yet (a single-rung study has nothing to trust).</summary>
    private static bool Untrusted(ProposalContext context) => Untrusted(context, Paired(context));

    private static bool Untrusted(ProposalContext context, IReadOnlyList<PairedRungCorrelation> paired) =>
        context.Fidelities.Count >= 2 && TargetRuns(context) > 0 && !CheapRungTrust.Earned(paired);

    private static int TargetRuns(ProposalContext context) =>
        context.Observations.Count(o => o.Fidelity >= context.Target.Value) + context.Pending.Count(p => p.Fidelity >= context.Target.Value);

    /// <summary>
    /// True when the mixtures run at both <paramref name="rung"/> and the target rank so unlike each other that even
    /// the upper end of their correlation's 95% interval is below <see cref="DistrustBelow"/>.
    /// </summary>
    private static bool Refuted(IReadOnlyList<PairedRungCorrelation> paired, int rung) =>
        rung < paired.Count && paired[rung].Measured && paired[rung].Upper95 < DistrustBelow;

    /// <summary>
    /// True while the cheapest rung's twins can still change what mfbo does: it has not been refuted on its pairs
    /// (<see cref="Refuted"/>). On a refuted rung each twin was 0.05 of a target run spent on a verdict already in.
    /// </summary>
    public static bool TwinsWanted(IReadOnlyList<PairedRungCorrelation> paired)
    {
        ArgumentNullException.ThrowIfNull(paired);
        return !Refuted(paired, 0);
    }

    /// <summary>Each cheap rung's paired correlation with the target on the study's runs (a seeded bootstrap; see <see cref="PairedRungEvidence"/>).</summary>
    public static IReadOnlyList<PairedRungCorrelation> Paired(ProposalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PairedRungEvidence.Of(context, SeedMixer.Mix(context.Study.Seed, 0x3FB3));
    }

    /// <summary>
    /// Each cheap rung's learned trust (correlation with the target, with its 95% interval) on the study's runs, or
    /// null when the ladder has a single rung or there are too few runs to fit. Shares this instance's fits.
    /// </summary>
    public IReadOnlyList<RungTrust>? Trust(ProposalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Fidelities.Count < 2 || context.Observations.Count < FitFloor(context)) return null;
        return Fit(context).Rungs is { } rungs ? TrustOf(rungs, context) : null;
    }

    /// <summary>
    /// The last trust estimate and what it was computed from (hyperparameters, run count, the runs' values): a study
    /// asks for a recommendation and then for proposals on the same runs, and the estimate costs a few likelihood
    /// gradients.
    /// </summary>
    private (double[] Parameters, int Runs, double ValueSum, IReadOnlyList<RungTrust> Trust)? _lastTrust;

    private IReadOnlyList<RungTrust> TrustOf(RungGp model, ProposalContext context)
    {
        var parameters = model.Process.Parameters.ToArray();
        var runs = context.Observations.Count;
        var sum = context.Observations.Sum(o => o.Value);
        if (_lastTrust is { } last && last.Runs == runs && last.ValueSum == sum && last.Parameters.AsSpan().SequenceEqual(parameters)) return last.Trust;
        var trust = model.Trust;
        _lastTrust = (parameters, runs, sum, trust);
        return trust;
    }

    /// <summary>κ of the recommendation's bound μ ± κσ once the study has target runs.</summary>
    public const double TargetBackedPessimism = 1.0;

    /// <summary>The model of the runs: over discrete rungs with learned trust when the ladder has two or more, else the continuous-fidelity GP.</summary>
    private sealed record Model(GaussianProcess Process, BelievedPosterior.RunEncoder Encode, RungGp? Rungs);

    /// <summary>Each cheap rung's estimated correlation with the target, for the recommendation's basis.</summary>
    private static string Describe(IReadOnlyList<RungTrust> trust, IReadOnlyList<PairedRungCorrelation> paired, ProposalContext context) =>
        "rung trust " + string.Join("; ", trust.Select(t =>
            $"{context.Fidelities[t.Rung].Name ?? t.Fidelity.ToString(System.Globalization.CultureInfo.InvariantCulture)}: ρ {t.Correlation:F2} [{t.Lower95:F2}, {t.Upper95:F2}]"
            + (t.Rung < paired.Count && paired[t.Rung].Measured
                ? $", paired {paired[t.Rung].Spearman:F2} [{paired[t.Rung].Lower95:F2}, {paired[t.Rung].Upper95:F2}] on {paired[t.Rung].Pairs}" + (Refuted(paired, t.Rung) ? " (not screened)" : "")
                : "")));

    /// <summary>The model on every run; its hyperparameter seed depends only on the study (refit points add the row count).</summary>
    private Model Fit(ProposalContext context)
    {
        // A study asks for a recommendation and then for proposals on the same runs (auto asks for the trust too): one fit serves them.
        var key = new FitKey(context.Study.Seed, context.Observations.Count, context.Observations.Sum(o => o.Value), context.Observations.Sum(o => o.Fidelity),
            context.Observations.Sum(o => o.Mixture.Weights.Select((w, j) => w * (j + 1)).Sum()));
        if (_lastModel is { } last && last.Key == key && last.Ladder.SequenceEqual(context.Fidelities)) return last.Model;
        var model = FitNew(context);
        _lastModel = (key, context.Fidelities, model);
        return model;
    }

    /// <summary>What a fit is made from, as checksums (a kept instance sees a study's runs only grow).</summary>
    private readonly record struct FitKey(int Seed, int Runs, double ValueSum, double FidelitySum, double MixtureSum);

    private (FitKey Key, IReadOnlyList<Studies.FidelitySpec> Ladder, Model Model)? _lastModel;

    private Model FitNew(ProposalContext context)
    {
        var seed = SeedMixer.Mix(context.Study.Seed, 0x3FB2);
        if (context.Fidelities.Count >= 2)
        {
            var rungs = RungGp.Fit(context.Fidelities.Select(f => f.Value).ToArray(), context.Observations, BayesianDefaults.MapFitter(_reuse), seed);
            return new Model(rungs.Process, rungs.Encode, rungs);
        }
        var scale = new FidelityScale(context.Fidelities[0].Value, context.Target.Value);
        var fitted = (MultiFidelityGpSurrogate.Fitted)new MultiFidelityGpSurrogate { Fitter = BayesianDefaults.MapFitter(_reuse), Scale = scale }
            .Fit(context.TrainingData(), seed);
        return new Model(fitted.Process, (w, fidelity, input) => MultiFidelityGpSurrogate.Encode(w, fidelity, scale, input), null);
    }

    /// <summary>The target mixtures the decision is about: the best by posterior mean among observed mixtures and pool or sampled ones.</summary>
    private static IReadOnlyList<double[]> ReferenceSet(ProposalContext context, BelievedPosterior.RunEncoder encode, GaussianProcess process, int seed)
    {
        var target = context.Target.Value;
        IEnumerable<double[]> options = context.Observations.Select(o => o.Mixture.ToArray());
        options = context.Pool is not null
            ? options.Concat(context.Pool.Where(p => p.Fidelity == target).Select(p => p.Mixture.ToArray()))
            : options.Concat(CandidateSet.Build(context, [], BayesianDefaults.Candidates, seed));
        var rows = options.DistinctBy(r => string.Join(",", r.Select(v => Math.Round(v, 6)))).ToArray();
        var width = process.InputWidth;
        var inputs = new double[rows.Length * width];
        for (var i = 0; i < rows.Length; i++) encode(rows[i], target, inputs.AsSpan(i * width, width));
        var means = new double[rows.Length];
        process.PredictMeans(inputs, means);
        var minimize = context.Study.Objective.Minimize;
        return Enumerable.Range(0, rows.Length).OrderBy(i => minimize ? means[i] : -means[i]).Take(BayesianDefaults.ReferenceSet).Select(i => rows[i]).ToArray();
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Olmix (Chen et al. 2026): fit a log-linear law <c>log(loss_m) = a_m + b_m·x</c> per metric (here: per objective of
/// the study, a maximized one negated into a loss) on a swarm of cheap proxy runs, then propose the exact solution of
/// the convex program <c>min Σ_m w_m·exp(a_m + b_m·x) + λ·KL(x ‖ p)</c> over the simplex within the study's min/max and
/// epoch caps (<see cref="OlmixProgram"/>), p being the natural token distribution (uniform without token counts).
/// <para>Design: until <see cref="ProposalContextExtensions.InitialDesign"/> runs at the cheapest rung are in, RegMix's
/// Dirichlet swarm around p (as <c>regmix</c>). Then each batch of two or more (or any batch of a single-rung study)
/// asks first for the solution at the target fidelity; the rest of the batch is the same program solved at KL weights
/// λ·4, λ/4, λ·16, λ/16, … (a path from the natural distribution to the unregularized optimum, all feasible), run at
/// the cheapest rung so that the law learns where its optimum moves; if those are all known, seeded Dirichlet draws
/// concentrated around the solution (strength 20–100, as <c>natural</c> draws around p) fill the batch.</para>
/// With a pool (retrospective data), every proposal is the open pool row nearest (L1) to the point it stands for, and
/// the recommendation is the pool row at the target with the lowest program objective.
/// </summary>
public sealed class OlmixProposer : IProposer
{
    public const string StrategyName = "olmix";

    /// <summary>The KL weights of the rest of a batch are λ times powers of this.</summary>
    public const double PathFactor = 4;

    /// <summary>With λ = 0 the path is taken around this weight instead (0 has no multiples).</summary>
    private const double PathBaseWhenUnregularized = StrategyOptions.DefaultKlWeight;

    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } =
        [StrategyOption.KlWeight, StrategyOption.MetricWeights, StrategyOption.InitialDesign, StrategyOption.Temperature];

    private (ProposalContext Context, Fitted? Fit)? _last;

    public string Name => StrategyName;

    /// <summary>The fitted laws of one decision and the program they define.</summary>
    private sealed record Fitted(FittedLogLinear[] Laws, LogLinearTerm[] Terms, double[] Prior, MixtureConstraints Constraints, double Lambda, OlmixSolution Solution, int Runs);

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var batch = new List<Proposal>(count);
        if (count == 0) return batch;
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0x0A1F);
        var cheapest = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var designDone = context.Observations.Count(o => o.Fidelity == cheapest) >= context.InitialDesign();
        var fit = designDone ? FitFor(context) : null;
        if (fit is not null)
        {
            if ((count >= 2 || cheapest == target) && Recommend(context) is { } recommendation)
                context.TryAdd(batch, new Proposal(recommendation.Mixture, target));
            foreach (var point in Path(fit))
            {
                if (batch.Count >= count) break;
                Add(context, batch, point, cheapest);
            }
            if (batch.Count < count)
            {
                var around = fit.Solution.Mixture.Select(v => v + 1e-3).ToArray();
                var sampler = new RegMixSampler(context.Domains, seed, around, fit.Constraints, temperature: 1.0, minStrength: 20, maxStrength: 100, zeroBelow: 0);
                for (var tries = 0; batch.Count < count && tries < 10; tries++)
                    foreach (var m in sampler.Sample(count - batch.Count))
                        Add(context, batch, m.ToArray(), cheapest);
            }
        }
        return context.FillAtCheapestRung(batch, count, cheapest, seed);
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        var fit = FitFor(context);
        if (fit is null) return context.BestObserved();
        var target = context.Target.Value;
        Mixture mixture;
        if (context.Pool is not null)
        {
            var rows = context.Pool.Where(p => p.Fidelity == target).ToArray();
            if (rows.Length == 0) return context.BestObserved();
            mixture = rows.MinBy(r => OlmixProgram.Objective(fit.Terms, fit.Lambda, fit.Prior, r.Mixture.ToArray()))!.Mixture;
        }
        else mixture = Mixture.Normalize(fit.Solution.Mixture);
        var mean = new double[1];
        var std = new double[1];
        fit.Laws[0].Predict(mixture.ToArray(), target, mean, std);
        var predicted = context.Study.ObjectiveList()[0].Minimize ? mean[0] : -mean[0];
        var basis = context.Pool is not null
            ? $"pool row with the lowest olmix objective (λ = {fit.Lambda:G3}) of {fit.Runs} runs' log-linear laws"
            : $"olmix: exact optimum of Σ w·exp(a + b·x) + {fit.Lambda:G3}·KL(x‖p) over {fit.Runs} runs' log-linear laws (KKT residual {fit.Solution.KktResidual:E1})";
        return new Recommendation(mixture, predicted, std[0], basis);
    }

    /// <summary>The program solved at λ·4, λ/4, λ·16, λ/16, λ·64, λ/64 (around <see cref="PathBaseWhenUnregularized"/> when λ = 0).</summary>
    private static IEnumerable<double[]> Path(Fitted fit)
    {
        var centre = fit.Lambda > 0 ? fit.Lambda : PathBaseWhenUnregularized;
        for (var k = 1; k <= 3; k++)
            foreach (var lambda in new[] { centre * Math.Pow(PathFactor, k), centre / Math.Pow(PathFactor, k) })
                yield return OlmixProgram.Solve(fit.Terms, lambda, fit.Prior, fit.Constraints).Mixture;
    }

    /// <summary>Adds <paramref name="point"/> at <paramref name="fidelity"/>, or with a pool the open pool row nearest it.</summary>
    private static void Add(ProposalContext context, List<Proposal> batch, double[] point, double fidelity)
    {
        if (context.Pool is null)
        {
            context.TryAdd(batch, new Proposal(Mixture.Normalize(point), fidelity));
            return;
        }
        var nearest = context.OpenPoolRows(fidelity)
            .Where(r => !batch.Any(b => b.Fidelity == r.Fidelity && b.Mixture.Equals(r.Mixture)))
            .MinBy(r => r.Mixture.Weights.Select((w, i) => Math.Abs(w - point[i])).Sum());
        if (nearest is not null) context.TryAdd(batch, nearest);
    }

    /// <summary>The laws and the solved program for the context's observations (cached: a batch asks right after the study did).</summary>
    private Fitted? FitFor(ProposalContext context)
    {
        if (_last is { } last && last.Context.Study == context.Study && ReferenceEquals(last.Context.Pool, context.Pool)
            && last.Context.Observations.SequenceEqual(context.Observations))
            return last.Fit;
        var fit = Compute(context);
        _last = (context, fit);
        return fit;
    }

    private static Fitted? Compute(ProposalContext context)
    {
        // Olmix's premise (RegMix's too): the law is learned from the proxy swarm, the cheapest rung's runs alone.
        var cheapest = context.Fidelities[0].Value;
        var screened = context.Observations.Where(o => o.Fidelity == cheapest).ToArray();
        var d = context.Domains;
        if (screened.Length < Math.Max(d + 1, 3)) return null;
        var objectives = context.Study.ObjectiveList();
        var options = context.Options();
        var weights = options.MetricWeights is { } given && given.Count == objectives.Count ? given.ToArray() : Enumerable.Repeat(1.0, objectives.Count).ToArray();
        var weightSum = weights.Sum();
        var mixtures = screened.Select(o => o.Mixture.ToArray()).ToArray();
        var laws = new FittedLogLinear[objectives.Count];
        var terms = new List<LogLinearTerm>();
        for (var m = 0; m < objectives.Count; m++)
        {
            var sign = objectives[m].Minimize ? 1.0 : -1.0;
            var values = screened.Select(o => sign * (objectives.Count > 1 && o.ObjectiveValues is { } all ? all[m] : o.Value)).ToArray();
            try
            {
                laws[m] = LogLinearSurrogate.FitLaw(SurrogateData.AtFidelity(mixtures, values, cheapest));
            }
            catch (ArgumentException)
            {
                return null; // all runs tie, or too few distinct ones: nothing to fit yet
            }
            var (a, b) = laws[m].AtFidelity(context.Target.Value);
            // The law's shift s (0 for positive losses) is a constant of the objective and drops out of the argmin.
            if (weights[m] > 0) terms.Add(new LogLinearTerm(weights[m] / weightSum, a, b));
        }
        var prior = StudySpace.NaturalWeights(context.Study) ?? Enumerable.Repeat(1.0, d).ToArray();
        var constraints = context.Constraints();
        var lambda = options.EffectiveKlWeight;
        var solution = OlmixProgram.Solve(terms, lambda, prior, constraints);
        var total = prior.Sum();
        return new Fitted(laws, terms.ToArray(), prior.Select(v => v / total).ToArray(), constraints, lambda, solution, screened.Length);
    }
}

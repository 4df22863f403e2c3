using MathNet.Numerics.Distributions;
using MixOpt.Core.Mixtures;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies.Mobo;

/// <summary>
/// Multi-objective Bayesian optimization at the target rung. After a random design it fits one GP per objective
/// (the catalog's <c>gp</c>, independent) and, for up to three objectives, proposes the sampled feasible mixture of
/// highest expected hypervolume improvement over the observed front (Monte Carlo, seeded). Beyond three objectives
/// hypervolume gets expensive and flat, so each proposal minimizes a fresh random augmented Chebyshev scalarization
/// (ParEGO) by expected improvement of a GP fitted to it. A batch is filled greedily: each chosen mixture joins the
/// front at its predicted values (kriging believer), and pending runs do so before the first choice.
/// The recommendation is the Pareto set (or the study's trade-off), see <see cref="ParetoRecommender"/>.
/// </summary>
public sealed class MoboProposer : IProposer
{
    public const string StrategyName = "mobo";

    /// <summary>The most objectives scored by hypervolume; more use random scalarizations.</summary>
    public const int MaxHypervolumeObjectives = 3;

    /// <summary>Monte Carlo draws per candidate for EHVI.</summary>
    public const int EhviSamples = 64;

    /// <summary>Candidates whose EHVI is estimated by Monte Carlo after screening (see <see cref="BestByHypervolume"/>).</summary>
    public const int ScreenedCandidates = 64;

    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } = [StrategyOption.InitialDesign, StrategyOption.Candidates];

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return [];
        var seed = SeedMixer.Mix(context.Study.Seed, context.Round, 0x3B0);
        var target = context.Target.Value;
        var table = ObjectiveTable.AtTarget(context);
        var sampler = new UniformSimplexSampler(context.Domains, seed, context.Constraints());
        var batch = new List<Proposal>(count);
        if (table.Rows.Count < Math.Max(3, context.InitialDesign()))
            return Random(context, sampler, batch, count, target);

        IFittedSurrogate[] models;
        try { models = table.FitModels(seed); }
        catch (ArgumentException) { return Random(context, sampler, batch, count, target); } // too few or too alike

        // With a pool (retrospective benchmarks) the candidates are its open target rows.
        var candidates = context.Pool is not null
            ? context.OpenPoolRows(target).Select(p => p.Mixture).ToArray()
            : sampler.Sample(context.Study.StrategyOptions?.Candidates ?? (table.Objectives <= 2 ? 2000 : 1000));
        if (candidates.Count == 0) return batch;
        var (mean, std) = ObjectiveTable.Predict(models, ObjectiveTable.Flatten(candidates, context.Domains), candidates.Count, target);
        var taken = new bool[candidates.Count];
        // Pending runs will report something near their prediction: believe it, so the batch looks elsewhere.
        var believed = table.Oriented.Select(p => p.ToArray()).ToList();
        if (context.Pending.Count > 0)
        {
            var pending = context.Pending.Select(p => p.Mixture).ToArray();
            var (pm, _) = ObjectiveTable.Predict(models, ObjectiveTable.Flatten(pending, context.Domains), pending.Length, target);
            for (var i = 0; i < pending.Length; i++) believed.Add(Orient(pm, i, table.Minimize));
        }
        var random = new Random(seed);
        while (batch.Count < count)
        {
            var best = table.Objectives <= MaxHypervolumeObjectives
                ? BestByHypervolume(believed, mean, std, table.Minimize, taken, SeedMixer.Mix(seed, batch.Count, 0xE4))
                : BestByScalarization(table, believed, mean, std, taken, random);
            if (best < 0) break;
            taken[best] = true;
            if (context.TryAdd(batch, new Proposal(candidates[best], target))) believed.Add(Orient(mean, best, table.Minimize));
        }
        return batch.Count < count ? Random(context, sampler, batch, count, target) : batch;
    }

    public Recommendation? Recommend(ProposalContext context) => ParetoRecommender.Recommend(context);

    private static int BestByHypervolume(List<double[]> front, double[][] mean, double[][] std, IReadOnlyList<bool> minimize, bool[] taken, int seed)
    {
        var reference = ReferencePoint(front);
        var ehvi = new ExpectedHypervolumeImprovement(front, reference, EhviSamples, seed);
        var m = minimize.Count;
        var mu = new double[m];
        var sd = new double[m];
        void Load(int i)
        {
            for (var j = 0; j < m; j++) { mu[j] = minimize[j] ? mean[j][i] : -mean[j][i]; sd[j] = std[j][i]; }
        }
        // Screen every candidate by the exact improvement of its optimistic point (two standard deviations better in
        // every objective, an upper bound on most of its EHVI's mass), then estimate EHVI for the most promising only:
        // Monte Carlo on a million candidates would cost seconds per proposal for the same choice.
        var optimistic = new double[m];
        var screened = new List<(int Index, double Bound, double Spread)>();
        for (var i = 0; i < taken.Length; i++)
        {
            if (taken[i]) continue;
            Load(i);
            for (var j = 0; j < m; j++) optimistic[j] = mu[j] - 2 * sd[j];
            screened.Add((i, ehvi.Improvement(optimistic), sd.Sum()));
        }
        var best = -1;
        var bestValue = double.NegativeInfinity;
        foreach (var (i, _, _) in screened.OrderByDescending(c => c.Bound).ThenByDescending(c => c.Spread).Take(ScreenedCandidates))
        {
            Load(i);
            var value = ehvi.Expected(mu, sd);
            if (value > bestValue) { bestValue = value; best = i; }
        }
        return best;
    }

    /// <summary>
    /// A random augmented Chebyshev scalarization of the believed points, fitted by one GP, scored by expected
    /// improvement; the candidates' scalarized values are approximated from the objective GPs' means (ParEGO fits the
    /// scalarized values directly; here the per-objective GPs already carry the information, so their means are scalarized
    /// and the spread of the scalarized value is taken from the objective of largest weight).
    /// </summary>
    private static int BestByScalarization(ObjectiveTable table, List<double[]> believed, double[][] mean, double[][] std, bool[] taken, Random random)
    {
        var m = table.Objectives;
        var lower = Enumerable.Range(0, m).Select(j => believed.Min(p => p[j])).ToArray();
        var upper = Enumerable.Range(0, m).Select(j => believed.Max(p => p[j])).ToArray();
        var scalar = new ChebyshevScalarization(ChebyshevScalarization.RandomWeights(m, random), lower, upper);
        var incumbent = believed.Min(scalar.Value);
        var lead = Enumerable.Range(0, m).MaxBy(j => scalar.Weights[j]);
        var range = upper[lead] - lower[lead];
        var point = new double[m];
        var best = -1;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < taken.Length; i++)
        {
            if (taken[i]) continue;
            for (var j = 0; j < m; j++) point[j] = table.Minimize[j] ? mean[j][i] : -mean[j][i];
            var mu = scalar.Value(point);
            var sigma = scalar.Weights[lead] * (range > 0 ? std[lead][i] / range : std[lead][i]);
            var value = sigma > 0 ? ExpectedImprovement(incumbent - mu, sigma) : Math.Max(0, incumbent - mu);
            if (value > bestValue) { bestValue = value; best = i; }
        }
        return best;
    }

    private static double ExpectedImprovement(double gain, double sigma)
    {
        var z = gain / sigma;
        return gain * Normal.CDF(0, 1, z) + sigma * Normal.PDF(0, 1, z);
    }

    /// <summary>
    /// The reference point: the worst value of each objective among the believed points plus a tenth of its range (or
    /// 1 when every value is equal), so the extremes of the front still count.
    /// </summary>
    public static double[] ReferencePoint(IReadOnlyList<double[]> points)
    {
        var m = points[0].Length;
        var reference = new double[m];
        for (var j = 0; j < m; j++)
        {
            var max = points.Max(p => p[j]);
            var range = max - points.Min(p => p[j]);
            reference[j] = max + (range > 0 ? 0.1 * range : 1.0);
        }
        return reference;
    }

    private static double[] Orient(double[][] mean, int row, IReadOnlyList<bool> minimize) =>
        Enumerable.Range(0, minimize.Count).Select(j => minimize[j] ? mean[j][row] : -mean[j][row]).ToArray();

    private static IReadOnlyList<Proposal> Random(ProposalContext context, UniformSimplexSampler sampler, List<Proposal> batch, int count, double target)
    {
        if (context.Pool is not null)
        {
            var random = new Random(SeedMixer.Mix(context.Study.Seed, context.Round, 0x3B1));
            foreach (var p in context.OpenPoolRows(target).OrderBy(_ => random.Next()))
                if (batch.Count < count) context.TryAdd(batch, p);
            return batch;
        }
        for (var tries = 0; batch.Count < count && tries < 20; tries++)
            foreach (var m in sampler.Sample(count - batch.Count))
                context.TryAdd(batch, new Proposal(m, target));
        return batch;
    }
}

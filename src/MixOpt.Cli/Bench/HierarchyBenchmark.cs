using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// <c>bench hierarchy</c>'s loop on a <see cref="QualityBucketOracle"/>: one strategy searches one space for a fixed
/// number of runs (cost 1 each), in batches; after each batch its recommendation is scored by its true bucket-level
/// loss minus the oracle's optimum over all bucket mixtures. Spaces: <c>flat</c> (the D domains only; each trains on
/// its buckets in equal shares), <c>buckets</c> (the D·K buckets grouped per domain, free bucket shares) and
/// <c>quadmix</c> (the same groups, bucket shares by a quality threshold and sharpness per domain).
/// </summary>
public static class HierarchyBenchmark
{
    public const string Flat = "flat";
    public const string Buckets = "buckets";
    public const string QuaDMix = "quadmix";

    public static readonly IReadOnlyList<string> Spaces = [Flat, Buckets, QuaDMix];

    /// <summary>The study one strategy runs in one space; candidates are capped so model-based strategies stay quick.</summary>
    public static StudySpec StudyOf(QualityBucketOracle oracle, string space, string strategy, int seed, int runs, int candidates) => new()
    {
        Name = $"hierarchy {space}",
        Domains = space == Flat
            ? [.. oracle.DomainNames.Select(n => new DomainSpec { Name = n, Tokens = 1000L * oracle.Buckets })]
            : [.. oracle.BucketNames.Select(n => new DomainSpec { Name = n, Tokens = 1000 })],
        Groups = space == Flat ? null : oracle.Groups(),
        GroupWeights = space == QuaDMix ? GroupWeightNames.QuaDMix : null,
        Budget = new BudgetSpec { Runs = runs },
        Strategy = strategy,
        Seed = seed,
        StrategyOptions = strategy is RandomDirichletProposer.StrategyName or UniformProposer.StrategyName or NaturalProposer.StrategyName
            ? null : new StrategyOptions { Candidates = candidates },
    };

    /// <summary>(runs so far, regret of the recommendation) after each batch.</summary>
    public static (int Runs, double Regret)[] Run(QualityBucketOracle oracle, double optimum, string space, string strategy, int seed, int runs, int batch, int candidates)
    {
        var study = StudyOf(oracle, space, strategy, seed, runs, candidates);
        var proposer = HierarchicalProposer.For(study, ProposerCatalog.Create(strategy));
        var objective = new ObjectiveSpec();
        Mixture Trained(Mixture m) => space == Flat ? oracle.Expand(m) : m;
        var observations = new List<Observation>();
        var regrets = new List<(int Runs, double Regret)>();
        try
        {
            for (var round = 0; observations.Count < runs; round++)
            {
                var context = new ProposalContext(study, observations.ToArray(), [], round);
                var proposals = proposer.Propose(context, Math.Min(batch, runs - observations.Count));
                if (proposals.Count == 0) break;
                foreach (var p in proposals)
                {
                    // Noise counts runs, so both spaces see the same noise sequence.
                    var metrics = oracle.Oracle.Sample(Trained(p.Mixture), 1.0, oracle.BucketNames, SeedMixer.Mix(seed, observations.Count, 0x41B7));
                    observations.Add(new Observation(p.Mixture, p.Fidelity, objective.Score(metrics, oracle.BucketNames)));
                }
                var recommendation = proposer.Recommend(context with { Observations = observations.ToArray() });
                regrets.Add((observations.Count, recommendation is null ? double.PositiveInfinity
                    : oracle.Oracle.Objective(Trained(recommendation.Mixture), objective, oracle.BucketNames) - optimum));
            }
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
        return regrets.ToArray();
    }

    /// <summary>The regret after <paramref name="runs"/> runs: that of the last batch that had ended by then.</summary>
    public static double RegretAt((int Runs, double Regret)[] trace, int runs) =>
        trace.Where(p => p.Runs <= runs).Select(p => p.Regret).DefaultIfEmpty(double.PositiveInfinity).Last();
}

/// <summary>One (strategy, space) row: regret after the reported run counts over the seeds (mean, median), and per-seed final regrets.</summary>
public sealed record HierarchyRow(string Strategy, string Space, IReadOnlyList<int> Runs, IReadOnlyList<double?> MeanRegret,
    IReadOnlyList<double?> MedianRegret, IReadOnlyList<double?> FinalRegretPerSeed, double Seconds);

/// <summary>
/// What <c>bench hierarchy --out</c> writes. <see cref="FlatFloor"/>: per seed, the regret of the best domain-only
/// mixture (no strategy in the flat space can go below it).
/// </summary>
public sealed record HierarchyFigures(int Domains, int Buckets, int Runs, int Batch, int Candidates, IReadOnlyList<int> Seeds, IReadOnlyList<double> FlatFloor,
    IReadOnlyList<HierarchyRow> Rows, IReadOnlyList<HierarchyComparison> Comparisons);

/// <summary>Per strategy: on how many seeds a bucketed space ended with lower regret than the flat one.</summary>
public sealed record HierarchyComparison(string Strategy, string Space, int SeedsBelowFlat, int Seeds);

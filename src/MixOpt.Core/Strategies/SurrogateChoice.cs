using MixOpt.Core.Randomness;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Which surrogate a study's model-based strategy fits: the one the study names, else the winner of k-fold
/// cross-validation over the catalog (the table is kept for the study's report). The ranking is redone when the
/// data has doubled (<see cref="Selection"/>: on the first 32, 64, 128, … observations; every count below 32), since
/// a ranking of five model families changes slowly and costs 5 × k fits; between those points the last winner is
/// refitted on all observations. Gaussian processes are fitted with the strategies' settings
/// (<see cref="BayesianDefaults"/>), in the ranking and as the winner; the winner reuses hyperparameters between
/// the refit points of <paramref name="reuse"/>.
/// </summary>
public static class SurrogateChoice
{
    public const string EarlyDefault = "gp";

    /// <summary>What a study gets when cross-validation trusts no surrogate.</summary>
    public const string SafeFallback = LightGbmSurrogate.SurrogateName;

    /// <summary>The observation counts at which the ranking is redone (the largest ≤ n serves n).</summary>
    public static RefitSchedule Selection { get; } = new() { EveryStepUntil = 32, Growth = 1 };

    /// <summary>The winner for <paramref name="data"/> and the ranking it came from (null when nothing was ranked).</summary>
    public static (ISurrogate Surrogate, IReadOnlyList<SurrogateScore>? Table) Choose(ProposalContext context, SurrogateData data, int seed,
        HyperparameterReuse? reuse = null, RankingCache? cache = null)
    {
        var options = context.Options();
        var centre = Math.Log(context.Target.Value);
        if (options.Surrogate is { } name) return (Create(name, reuse, centre), null);
        var anchor = Selection.Anchor(data.Count);
        var folds = Math.Min(options.EffectiveCvFolds, anchor);
        // Too few observations for every training fold to hold one row per domain: nothing can be ranked yet,
        // so use the surrogate that ranks best on the published runs (docs/BENCHMARKS.md) until there are.
        if (anchor - (anchor + folds - 1) / folds < data.Domains) return (Create(EarlyDefault, reuse, centre), null);
        var prefix = new SurrogateData(data.Mixtures.Take(anchor).ToArray(), data.Fidelities.Take(anchor).ToArray(), data.Targets.Take(anchor).ToArray());
        var rankingSeed = SeedMixer.Mix(seed, anchor);
        var table = cache?.Find(prefix, folds, rankingSeed)
            ?? CrossValidation.Rank(SurrogateCatalog.Names.Select(n => Create(n, null, centre)), prefix, folds, rankingSeed);
        cache?.Keep(prefix, folds, rankingSeed, table);
        // Untrusted surrogates rank last; when nothing is trusted, gradient boosting, whose trees never predict
        // outside the targets seen, is the safe choice.
        return (Create(table[0].Trusted ? table[0].Name : SafeFallback, reuse, centre), table);
    }

    /// <summary>
    /// A catalog surrogate; Gaussian processes with the strategies' fitter settings (and <paramref name="reuse"/>, if
    /// given) and the single-fidelity GP's fidelity input centred on <paramref name="logFidelityCentre"/> (the target's),
    /// so that old rows keep their features as data arrives.
    /// </summary>
    public static ISurrogate Create(string name, HyperparameterReuse? reuse, double logFidelityCentre = 0)
    {
        var fitter = reuse is null ? BayesianDefaults.Fitter : BayesianDefaults.ScheduledFitter(reuse);
        return name switch
        {
            GaussianProcessSurrogate.SurrogateName => new GaussianProcessSurrogate { Fitter = fitter, LogFidelityCentre = logFidelityCentre },
            MultiFidelityGpSurrogate.SurrogateName => new MultiFidelityGpSurrogate { Fitter = fitter },
            // The ensemble's GP is fitted like the GP alone would be (same fitter, reuse and fidelity centre).
            EnsembleSurrogate.SurrogateName => new EnsembleSurrogate
            {
                Members = [(new GaussianProcessSurrogate { Fitter = fitter, LogFidelityCentre = logFidelityCentre }, 0.5), (new LightGbmSurrogate(), 0.5)],
            },
            _ => SurrogateCatalog.Create(name),
        };
    }

    /// <summary>
    /// The last ranking a strategy instance computed, with the exact data it ranked on: a hit returns what a fresh
    /// ranking would (the ranking is deterministic given data, folds and seed). Not shared between studies.
    /// </summary>
    public sealed class RankingCache
    {
        private (SurrogateData Data, int Folds, int Seed, IReadOnlyList<SurrogateScore> Table)? _last;

        public IReadOnlyList<SurrogateScore>? Find(SurrogateData data, int folds, int seed) =>
            _last is { } l && l.Folds == folds && l.Seed == seed && Same(l.Data, data) ? l.Table : null;

        public void Keep(SurrogateData data, int folds, int seed, IReadOnlyList<SurrogateScore> table) => _last = (data, folds, seed, table);

        private static bool Same(SurrogateData a, SurrogateData b) =>
            a.Count == b.Count && a.Targets.SequenceEqual(b.Targets) && a.Fidelities.SequenceEqual(b.Fidelities)
            && a.Mixtures.Zip(b.Mixtures).All(p => p.First.AsSpan().SequenceEqual(p.Second));
    }
}

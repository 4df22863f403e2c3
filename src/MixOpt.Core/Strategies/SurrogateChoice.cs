using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Which surrogate a study's model-based strategy fits: the one the study names, else the winner of k-fold
/// cross-validation over the catalog (the table is kept for the study's report).
/// </summary>
public static class SurrogateChoice
{
    public const string EarlyDefault = "gp";

    public static (ISurrogate Surrogate, IReadOnlyList<SurrogateScore>? Table) Choose(ProposalContext context, SurrogateData data, int seed)
    {
        var options = context.Options();
        if (options.Surrogate is { } name) return (SurrogateCatalog.Create(name), null);
        var folds = Math.Min(options.CvFolds, data.Count);
        // Too few observations for every training fold to hold one row per domain: nothing can be ranked yet,
        // so use the surrogate that ranks best on the published runs (docs/BENCHMARKS.md) until there are.
        if (data.Count - (data.Count + folds - 1) / folds < data.Domains) return (SurrogateCatalog.Create(EarlyDefault), null);
        var table = CrossValidation.Rank(SurrogateCatalog.All, data, folds, seed);
        return (SurrogateCatalog.Create(table[0].Name), table);
    }
}

using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Which surrogate a study's model-based strategy fits: the one the study names, else the winner of k-fold
/// cross-validation over the catalog (the table is kept for the study's report).
/// </summary>
public static class SurrogateChoice
{
    public static (ISurrogate Surrogate, IReadOnlyList<SurrogateScore>? Table) Choose(ProposalContext context, SurrogateData data, int seed)
    {
        var options = context.Options();
        if (options.Surrogate is { } name) return (SurrogateCatalog.Create(name), null);
        var table = CrossValidation.Rank(SurrogateCatalog.All, data, Math.Min(options.CvFolds, data.Count), seed);
        return (SurrogateCatalog.Create(table[0].Name), table);
    }
}

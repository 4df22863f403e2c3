using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;
using MixOpt.Ledger.Rows;

namespace MixOpt.Grains.Studies;

/// <summary>
/// The closing word of a study: its strategy's recommendation at the target fidelity, and how every surrogate of
/// the catalog fares in k-fold cross-validation on the study's observations (the strategy's own table when it
/// ranked them, else one computed here). CPU work: call it off the grain scheduler.
/// </summary>
public static class StudyRecommender
{
    public static RecommendationDocument? Recommend(StudySpec spec, IReadOnlyList<Observation> observations)
    {
        var context = new ProposalContext(spec, observations, [], Round: 0);
        var recommendation = ProposerCatalog.Create(spec.Strategy).Recommend(context);
        if (recommendation is null) return null;
        var table = recommendation.Surrogates ?? CrossValidate(spec, observations);
        return new RecommendationDocument(
            spec.DomainNames.Select((d, i) => (d, w: recommendation.Mixture[i])).ToDictionary(p => p.d, p => p.w),
            recommendation.Predicted, recommendation.StdDev, recommendation.Basis,
            table?.Select(s => new SurrogateScoreDocument(s.Name, Finite(s.Spearman), Finite(s.Mse), Finite(s.Coverage95), s.Folds)).ToArray());
    }

    private static IReadOnlyList<SurrogateScore>? CrossValidate(StudySpec spec, IReadOnlyList<Observation> observations)
    {
        var folds = Math.Min(spec.StrategyOptions?.CvFolds ?? StrategyOptions.DefaultCvFolds, observations.Count);
        if (folds < 2) return null;
        var data = new SurrogateData(observations.Select(o => o.Mixture.ToArray()).ToArray(),
            observations.Select(o => o.Fidelity).ToArray(), observations.Select(o => o.Value).ToArray());
        try
        {
            return CrossValidation.Rank(SurrogateCatalog.All, data, folds, spec.Seed);
        }
        catch (ArgumentException)
        {
            return null; // too few observations for any surrogate: the report says so by having no table
        }
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}

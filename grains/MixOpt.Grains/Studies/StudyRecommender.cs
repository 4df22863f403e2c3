using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Mobo;
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
    /// <summary>
    /// The most observations the closing table cross-validates on (a sample seeded by the study). Fitting every
    /// surrogate k times costs seconds at a hundred observations and grows with the cube of the count for the Gaussian
    /// processes, so without a bound closing a long study would take the host's CPU for minutes.
    /// </summary>
    public const int MaxCrossValidated = 128;

    /// <summary>The recommendation of <paramref name="proposer"/> (the study's own) on <paramref name="observations"/>.</summary>
    public static RecommendationDocument? Recommend(StudySpec spec, IProposer proposer, IReadOnlyList<Observation> observations)
    {
        var context = new ProposalContext(spec, observations, [], Round: 0);
        // Several objectives: whatever the strategy, the study's answer is its Pareto set (or its stated trade-off).
        var recommendation = spec.IsMultiObjective() ? ParetoRecommender.Recommend(context) : proposer.Recommend(context);
        if (recommendation is null) return null;
        var table = recommendation.Surrogates ?? CrossValidate(spec, observations);
        var names = spec.ObjectiveNames();
        return new RecommendationDocument(
            Named(spec.DomainNames, recommendation.Mixture.Weights),
            recommendation.Predicted, recommendation.StdDev, recommendation.Basis,
            table?.Select(Document).ToArray())
        {
            Front = recommendation.Front?.Select(p => new ParetoPointDocument(
                Named(spec.DomainNames, p.Mixture.Weights), Named(names, p.Observed),
                Named(names, p.Predicted), Named(names, p.StdDev))).ToArray(),
            NoFeasiblePoint = recommendation.NoFeasiblePoint is { } reason ? Readable(reason) : null,
        };
    }

    private static Dictionary<string, double> Named(IReadOnlyList<string> names, IReadOnlyList<double> values) =>
        names.Select((n, i) => (n, v: values[i])).ToDictionary(p => p.n, p => p.v);

    private static IReadOnlyList<SurrogateScore>? CrossValidate(StudySpec spec, IReadOnlyList<Observation> observations)
    {
        if (observations.Count > MaxCrossValidated)
        {
            var random = new Random(spec.Seed);
            observations = observations.OrderBy(_ => random.Next()).Take(MaxCrossValidated).ToList();
        }
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

    /// <summary>One row of the table; an untrusted fit keeps no figures, only its reason (so no number is shown for it).</summary>
    public static SurrogateScoreDocument Document(SurrogateScore score) => score.Trusted
        ? new SurrogateScoreDocument(score.Name, Finite(score.Spearman), Finite(score.Mse), Finite(score.Coverage95), score.Folds)
        : new SurrogateScoreDocument(score.Name, null, null, null, score.Folds, Readable(score.Untrusted!));

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>The reason as the ledger may store it: no NUL or other control characters, bounded length.</summary>
    private static string Readable(string reason)
    {
        var clean = new string(reason.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= 500 ? clean : clean[..500];
    }
}

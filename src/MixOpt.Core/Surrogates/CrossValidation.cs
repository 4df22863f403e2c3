namespace MixOpt.Core.Surrogates;

/// <summary>
/// k-fold cross-validation of surrogates on one data set, to rank them for a study: highest Spearman first
/// (a strategy needs the ranking of mixtures right), lower MSE breaking ties. Folds are a seeded shuffle.
/// A surrogate is reported as untrusted, with the reason and no figures, when one of its fold fits says it cannot
/// be trusted (<see cref="ITrustedFit"/>) or when its out-of-fold MSE exceeds the targets' variance (it predicts
/// worse than their mean); untrusted surrogates rank after every trusted one.
/// </summary>
public static class CrossValidation
{
    public static SurrogateScore Score(ISurrogate surrogate, SurrogateData data, int folds, int seed)
    {
        var (predicted, std, usedFolds, untrusted) = OutOfFoldPredictions.Run(surrogate, data, folds, seed);
        var coverage = Enumerable.Range(0, data.Count).Count(i => Math.Abs(predicted[i] - data.Targets[i]) <= 1.96 * std[i]) / (double)data.Count;
        var mse = RankCorrelation.MeanSquaredError(predicted, data.Targets);
        var average = data.Targets.Average();
        var variance = data.Targets.Average(t => (t - average) * (t - average));
        if (untrusted is null && !(mse <= variance))
            untrusted = $"cross-validated MSE {mse.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} exceeds the targets' variance {variance.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}: worse than predicting their mean";
        if (untrusted is not null) return SurrogateScore.Distrusted(surrogate.Name, usedFolds, untrusted);
        return new SurrogateScore(surrogate.Name, RankCorrelation.Spearman(predicted, data.Targets), mse, coverage, usedFolds);
    }

    /// <summary>
    /// Scores every surrogate and returns them best first. Early in a study a training fold can be too small for
    /// some surrogates (ridge needs as many rows as domains); those are left out of this ranking rather than
    /// failing the study. Throws when no surrogate can be scored at all.
    /// </summary>
    public static IReadOnlyList<SurrogateScore> Rank(IEnumerable<ISurrogate> surrogates, SurrogateData data, int folds, int seed)
    {
        var scores = new List<SurrogateScore>();
        var refused = new List<string>();
        foreach (var surrogate in surrogates)
        {
            try { scores.Add(Score(surrogate, data, folds, seed)); }
            catch (ArgumentException e) { refused.Add($"{surrogate.Name}: {e.Message}"); }
        }
        if (scores.Count == 0)
            throw new ArgumentException($"No surrogate can be cross-validated on {data.Count} observations: {string.Join(" ", refused)}");
        return scores
            .OrderBy(s => s.Trusted ? 0 : 1)
            .ThenByDescending(s => double.IsNaN(s.Spearman) ? double.NegativeInfinity : s.Spearman)
            .ThenBy(s => s.Mse)
            .ToArray();
    }
}

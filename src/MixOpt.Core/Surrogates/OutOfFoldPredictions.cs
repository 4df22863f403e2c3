namespace MixOpt.Core.Surrogates;

/// <summary>
/// Each observation predicted by a surrogate fitted without it: a seeded k-fold shuffle, kept point by point so
/// <see cref="CrossValidation"/> can score it and a dashboard can plot predicted against actual (the same folds and
/// fold seeds for both).
/// </summary>
public static class OutOfFoldPredictions
{
    /// <summary>The out-of-fold predictions, the number of folds used, and the first fold fit that said it cannot be trusted.</summary>
    internal sealed record Result(double[] Mean, double[] StdDev, int Folds, string? Untrusted);

    /// <summary>Throws <see cref="ArgumentException"/> when the data is too small for the surrogate (as cross-validation does).</summary>
    public static (double[] Mean, double[] StdDev) Predict(ISurrogate surrogate, SurrogateData data, int folds, int seed)
    {
        var result = Run(surrogate, data, folds, seed);
        return (result.Mean, result.StdDev);
    }

    internal static Result Run(ISurrogate surrogate, SurrogateData data, int folds, int seed)
    {
        SurrogateDataChecks.Validate(data, surrogate.Name);
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        folds = Math.Min(folds, data.Count);
        var random = new Random(seed);
        var order = Enumerable.Range(0, data.Count).OrderBy(_ => random.Next()).ToArray();
        var predicted = new double[data.Count];
        var std = new double[data.Count];
        string? untrusted = null;
        for (var fold = 0; fold < folds; fold++)
        {
            var held = order.Where((_, k) => k % folds == fold).ToArray();
            var kept = order.Where((_, k) => k % folds != fold).ToArray();
            var train = new SurrogateData(kept.Select(i => data.Mixtures[i]).ToArray(), kept.Select(i => data.Fidelities[i]).ToArray(), kept.Select(i => data.Targets[i]).ToArray());
            var fitted = surrogate.Fit(train, Randomness.SeedMixer.Mix(seed, fold));
            if (untrusted is null && fitted is ITrustedFit { Untrusted: { } reason }) untrusted = $"fold {fold + 1}: {reason}";
            // Held-out rows are predicted one fidelity at a time (the interface batches per fidelity).
            foreach (var group in held.GroupBy(i => data.Fidelities[i]))
            {
                var rows = group.ToArray();
                var mean = new double[rows.Length];
                var sd = new double[rows.Length];
                fitted.Predict(rows.SelectMany(i => data.Mixtures[i]).ToArray(), group.Key, mean, sd);
                for (var k = 0; k < rows.Length; k++)
                {
                    predicted[rows[k]] = mean[k];
                    std[rows[k]] = sd[k];
                }
            }
        }
        return new Result(predicted, std, folds, untrusted);
    }
}

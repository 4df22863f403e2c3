using MathNet.Numerics.Statistics;

namespace MixOpt.Cli.Bench;

/// <summary>
/// One row of <c>bench surrogates</c>: a surrogate (or a scikit-learn peer) on one test group, averaged over the
/// training seeds. Spearman and Pearson are fractions in [−1, 1]; NaN (a constant prediction) is written as null.
/// </summary>
public sealed record SurrogateFigure(string Name, string Test, double? TestFidelity, int N, double? Spearman, double? Pearson, double? Mse,
    double FitS, double PredictS, bool Peer);

public sealed record SurrogateFigures(string Train, string Target, int? Runs, IReadOnlyList<int> Seeds, IReadOnlyList<SurrogateFigure> Surrogates);

/// <summary>Accuracy of one prediction of one group.</summary>
public sealed record SurrogateScore(double Spearman, double Pearson, double Mse, double PredictS)
{
    public static SurrogateScore Of(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, double predictSeconds)
    {
        var mse = actual.Zip(predicted).Average(p => (p.First - p.Second) * (p.First - p.Second));
        return new SurrogateScore(Fraction(Correlation.Spearman(actual, predicted)), Fraction(Correlation.Pearson(actual, predicted)), mse, predictSeconds);
    }

    /// <summary>Rounding can put a perfect correlation a hair above 1; correlations are reported as fractions in [−1, 1].</summary>
    private static double Fraction(double r) => double.IsNaN(r) ? r : Math.Clamp(r, -1.0, 1.0);

    /// <summary>The mean over seeds of each figure, for one (surrogate, group).</summary>
    public static SurrogateFigure Mean(string name, SurrogateSplit.Group group, IReadOnlyList<(double FitS, SurrogateScore Score)> perSeed, bool peer) =>
        new(name, Path.GetFileName(group.Test), group.TestFidelity, group.Y.Length,
            Quantiles.Json(perSeed.Average(s => s.Score.Spearman)), Quantiles.Json(perSeed.Average(s => s.Score.Pearson)),
            Quantiles.Json(perSeed.Average(s => s.Score.Mse)), perSeed.Average(s => s.FitS), perSeed.Average(s => s.Score.PredictS), peer);
}

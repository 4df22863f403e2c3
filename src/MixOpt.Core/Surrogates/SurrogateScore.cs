namespace MixOpt.Core.Surrogates;

/// <summary>
/// How one surrogate fared in k-fold cross-validation: rank correlation and mean squared error of its
/// out-of-fold predictions, and the fraction of held-out targets inside its ±1.96σ interval (calibration).
/// An untrusted fit (<see cref="Untrusted"/> says why) has no figures: they are NaN (null in documents), so a table
/// says "cannot be trusted" instead of printing a number a reader would take at face value.
/// </summary>
public sealed record SurrogateScore(string Name, double Spearman, double Mse, double Coverage95, int Folds)
{
    /// <summary>Why this surrogate's fits cannot be trusted on this data; null when they can.</summary>
    public string? Untrusted { get; init; }

    public bool Trusted => Untrusted is null;

    /// <summary>The score of a surrogate whose fit cannot be trusted: no figures, the reason instead.</summary>
    public static SurrogateScore Distrusted(string name, int folds, string reason) =>
        new(name, double.NaN, double.NaN, double.NaN, folds) { Untrusted = reason };
}

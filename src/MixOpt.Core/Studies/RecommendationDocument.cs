namespace MixOpt.Core.Studies;

/// <summary>
/// What a study's strategy recommends at the target fidelity when the study completes, with the k-fold
/// cross-validation table of the surrogates on the study's observations (best first). Stored as jsonb.
/// </summary>
public sealed record RecommendationDocument(
    IReadOnlyDictionary<string, double> Mixture, double Predicted, double StdDev, string Basis,
    IReadOnlyList<SurrogateScoreDocument>? Surrogates)
{
    /// <summary>For a hierarchical study (<c>groups</c>): the mixture per level (filled in by the views, not stored).</summary>
    public IReadOnlyList<GroupLevel>? Levels { get; init; }
}

/// <summary>
/// One surrogate's cross-validation figures; null where a figure is not a number (e.g. a constant prediction).
/// <see cref="Untrusted"/>: why the fit cannot be trusted (then the figures are null), shown in the table instead of numbers.
/// </summary>
public sealed record SurrogateScoreDocument(string Name, double? Spearman, double? Mse, double? Coverage95, int Folds, string? Untrusted = null);

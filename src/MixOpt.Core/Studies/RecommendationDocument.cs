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

    /// <summary>A multi-objective study's Pareto set (each point's mixture, observed and predicted values by metric); null for one objective.</summary>
    public IReadOnlyList<ParetoPointDocument>? Front { get; init; }

    /// <summary>Why no mixture meets the study's trade-off; null when one does or there is none.</summary>
    public string? NoFeasiblePoint { get; init; }
}

/// <summary>One point of a recommended Pareto set, keyed by domain and by objective metric.</summary>
public sealed record ParetoPointDocument(
    IReadOnlyDictionary<string, double> Mixture, IReadOnlyDictionary<string, double> Observed,
    IReadOnlyDictionary<string, double> Predicted, IReadOnlyDictionary<string, double> StdDev);

/// <summary>
/// One surrogate's cross-validation figures; null where a figure is not a number (e.g. a constant prediction).
/// <see cref="Untrusted"/>: why the fit cannot be trusted (then the figures are null), shown in the table instead of numbers.
/// </summary>
public sealed record SurrogateScoreDocument(string Name, double? Spearman, double? Mse, double? Coverage95, int Folds, string? Untrusted = null);

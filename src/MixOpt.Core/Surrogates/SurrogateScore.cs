namespace MixOpt.Core.Surrogates;

/// <summary>
/// How one surrogate fared in k-fold cross-validation: rank correlation and mean squared error of its
/// out-of-fold predictions, and the fraction of held-out targets inside its ±1.96σ interval (calibration).
/// </summary>
public sealed record SurrogateScore(string Name, double Spearman, double Mse, double Coverage95, int Folds);

using MixOpt.Core.Mixtures;

namespace MixOpt.Core.MultiObjective;

/// <summary>
/// One point of a recommended Pareto set: the mixture, what its run observed and what the objectives' models predict
/// there (mean and standard deviation), each in the order of the study's objectives. Without models the prediction is
/// the observation with standard deviation 0.
/// </summary>
public sealed record ParetoPoint(Mixture Mixture, IReadOnlyList<double> Observed, IReadOnlyList<double> Predicted, IReadOnlyList<double> StdDev);

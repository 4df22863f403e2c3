using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Strategies;

/// <summary>
/// A strategy's answer to "which mixture would you train at the target scale now?": the mixture, the value it
/// predicts there, and the standard deviation of that prediction (0 when it is simply the best observed run).
/// </summary>
public sealed record Recommendation(Mixture Mixture, double Predicted, double StdDev, string Basis);

using MixOpt.Core.Mixtures;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// A strategy's answer to "which mixture would you train at the target scale now?": the mixture, the value it
/// predicts there, and the standard deviation of that prediction (0 when it is simply the best observed run).
/// </summary>
public sealed record Recommendation(Mixture Mixture, double Predicted, double StdDev, string Basis)
{
    /// <summary>The cross-validation table behind the surrogate choice, best first (null when no model was ranked).</summary>
    public IReadOnlyList<SurrogateScore>? Surrogates { get; init; }

    /// <summary>A multi-objective study's Pareto set with each point's predicted values (null for one objective).</summary>
    public IReadOnlyList<Core.MultiObjective.ParetoPoint>? Front { get; init; }

    /// <summary>Why no mixture meets the study's trade-off (then <see cref="Mixture"/> is the first objective's best); null when one does.</summary>
    public string? NoFeasiblePoint { get; init; }
}

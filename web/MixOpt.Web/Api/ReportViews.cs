using MixOpt.Core.Studies;

namespace MixOpt.Web.Api;

/// <summary>
/// The recommended mixture at the target fidelity with its predicted value and standard deviation. <see cref="Final"/>:
/// the study completed and this is its closing word; otherwise it was computed now from <see cref="Observations"/> runs.
/// </summary>
public sealed record RecommendationView(
    Guid StudyId, bool Final, int Observations, IReadOnlyDictionary<string, double> Mixture, double Predicted, double StdDev,
    string Basis, IReadOnlyList<SurrogateScoreDocument>? Surrogates)
{
    /// <summary>For a hierarchical study (<c>groups</c>): each group's total and its members' shares within it; else null.</summary>
    public IReadOnlyList<GroupLevel>? Levels { get; init; }

    /// <summary>A multi-objective study's Pareto set: each point's mixture, observed and predicted values and standard deviation by metric; else null.</summary>
    public IReadOnlyList<ParetoPointDocument>? Front { get; init; }

    /// <summary>Why no mixture meets the study's trade-off (the recommendation then falls back to the first objective's best front run); else null.</summary>
    public string? NoFeasiblePoint { get; init; }
}

/// <summary>One succeeded run in the order results came in: cumulative cost spent, its objective, and the best so far.</summary>
public sealed record ProgressPoint(int Index, Guid RunId, int Ordinal, double Fidelity, double CumulativeCost, double Objective, double BestSoFar);

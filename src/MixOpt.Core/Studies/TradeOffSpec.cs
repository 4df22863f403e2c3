namespace MixOpt.Core.Studies;

/// <summary>
/// The trade-off a multi-objective study's recommendation honours. <see cref="Weights"/>: metric → weight ≥ 0, the
/// recommendation minimizes Σ weight · value in each objective's own direction (a maximized metric counts negated).
/// <see cref="Constraints"/>: bounds on predicted values, written <c>"loss:code &lt;= 2.1"</c> (<c>&lt;=</c> or <c>&gt;=</c>).
/// With neither, or when nothing is given at all, the recommendation is the Pareto set.
/// </summary>
public sealed record TradeOffSpec
{
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    public IReadOnlyList<string>? Constraints { get; init; }
}

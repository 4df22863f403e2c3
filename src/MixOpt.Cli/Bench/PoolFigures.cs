namespace MixOpt.Cli.Bench;

/// <summary>The JSON of <c>bench pool</c>. Infinite costs ("never reached the top 1%") are written as null.</summary>
public sealed record PoolFigures(
    string Pool, string Target, string Direction, double TargetFidelity, int TargetRows, int TopCount, double TopThreshold,
    double Best, double Budget, double Cap, IReadOnlyList<int> Seeds, IReadOnlyList<PoolStrategyFigures> Strategies);

public sealed record PoolStrategyFigures(
    string Name, double? MedianCostToTop1, double?[] Iqr, double HitRate, double? FinalRegret, double MeanSpent,
    double?[] CostsToTop1, double Seconds)
{
    public static PoolStrategyFigures From(string name, IReadOnlyList<PoolTrace> traces, double seconds)
    {
        var costs = traces.Select(t => t.CostToTop1).ToArray();
        return new PoolStrategyFigures(
            name,
            Quantiles.Json(Quantiles.Median(costs)),
            Quantiles.InterquartileRange(costs).Select(Quantiles.Json).ToArray(),
            costs.Count(double.IsFinite) / (double)costs.Length,
            Quantiles.Json(Quantiles.Median(traces.Select(t => t.FinalRegret).ToArray())),
            traces.Average(t => t.Spent),
            costs.Select(Quantiles.Json).ToArray(),
            seconds);
    }
}

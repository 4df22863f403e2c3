namespace MixOpt.Cli.Bench;

/// <summary>The JSON of <c>bench oracle</c>: per strategy, regret of the recommendation (true loss − optimum) over seeds.</summary>
public sealed record OracleFigures(int Domains, IReadOnlyList<FidelityFigure> Fidelities, double Budget, int Batch, IReadOnlyList<double> ReportCosts,
    IReadOnlyList<int> Seeds, IReadOnlyList<OracleStrategyFigures> Strategies);

/// <summary>Regret of the recommendation held at a cumulative cost: median and mean over seeds.</summary>
public sealed record RegretAtCost(double Cost, double? Median, double? Mean);

public sealed record FidelityFigure(string Name, double Value, double Cost);

public sealed record OracleStrategyFigures(string Name, double? MedianFinalRegret, double?[] Iqr, double? MedianRegretAtQuarterBudget,
    double? MedianRegretAtHalfBudget, double?[] FinalRegrets, IReadOnlyList<RegretAtCost> RegretAt, double Seconds)
{
    public static OracleStrategyFigures From(string name, IReadOnlyList<PoolTrace> traces, double budget, IReadOnlyList<double> reportCosts, double seconds)
    {
        var finals = traces.Select(t => t.FinalRegret).ToArray();
        double? At(double fraction) => Quantiles.Json(Quantiles.Median(traces.Select(t => OracleBenchmark.RegretAt(t, budget * fraction)).ToArray()));
        return new OracleStrategyFigures(name, Quantiles.Json(Quantiles.Median(finals)),
            Quantiles.InterquartileRange(finals).Select(Quantiles.Json).ToArray(), At(0.25), At(0.5),
            finals.Select(Quantiles.Json).ToArray(),
            reportCosts.Select(c =>
            {
                var regrets = traces.Select(t => OracleBenchmark.RegretAt(t, c)).ToArray();
                return new RegretAtCost(c, Quantiles.Json(Quantiles.Median(regrets)), Quantiles.Json(regrets.Average()));
            }).ToArray(),
            seconds);
    }
}

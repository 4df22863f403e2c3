namespace MixOpt.Cli.Bench;

/// <summary>The JSON of <c>bench oracle</c>: per strategy, regret of the recommendation (true loss − optimum) over seeds.</summary>
public sealed record OracleFigures(int Domains, IReadOnlyList<FidelityFigure> Fidelities, double Budget, IReadOnlyList<int> Seeds, IReadOnlyList<OracleStrategyFigures> Strategies);

public sealed record FidelityFigure(string Name, double Value, double Cost);

public sealed record OracleStrategyFigures(string Name, double? MedianFinalRegret, double?[] Iqr, double? MedianRegretAtQuarterBudget,
    double? MedianRegretAtHalfBudget, double?[] FinalRegrets, double Seconds)
{
    public static OracleStrategyFigures From(string name, IReadOnlyList<PoolTrace> traces, double budget, double seconds)
    {
        var finals = traces.Select(t => t.FinalRegret).ToArray();
        double? At(double fraction) => Quantiles.Json(Quantiles.Median(traces.Select(t => OracleBenchmark.RegretAt(t, budget * fraction)).ToArray()));
        return new OracleStrategyFigures(name, Quantiles.Json(Quantiles.Median(finals)),
            Quantiles.InterquartileRange(finals).Select(Quantiles.Json).ToArray(), At(0.25), At(0.5),
            finals.Select(Quantiles.Json).ToArray(), seconds);
    }
}

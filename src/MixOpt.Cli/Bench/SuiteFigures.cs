namespace MixOpt.Cli.Bench;

/// <summary>The JSON of <c>bench suite</c>: per family its surrogate Spearman figures and strategy figures, then the scoreboard.</summary>
public sealed record SuiteFigures(
    IReadOnlyList<int> Seeds, double BudgetFraction, IReadOnlyList<double> ReportFractions, IReadOnlyList<SuiteFamilyFigures> Families,
    IReadOnlyList<SuiteTally> Scoreboard);

public sealed record SuiteFamilyFigures(
    string Name, string Target, string Direction, int TargetRows, int TopCount, double Budget,
    IReadOnlyList<SurrogateFigure> Surrogates, double? BestEngineSpearman, double? BestPeerSpearman,
    IReadOnlyList<SuiteStrategyFigures> Strategies);

/// <summary>
/// One strategy on one family: median cost to the top 1% (null = not reached by half the seeds), hit rate, and the
/// median regret of the recommendation held at each reported fraction of the budget.
/// </summary>
public sealed record SuiteStrategyFigures(string Name, double? MedianCostToTop1, double HitRate, IReadOnlyList<double?> RegretAt, double Seconds);

/// <summary>One scoreboard line: families won / tied / lost against random and against the best peer.</summary>
public sealed record SuiteTally(string Name, int WonVsRandom, int TiedVsRandom, int LostVsRandom, int WonVsPeer, int TiedVsPeer, int LostVsPeer);

namespace MixOpt.Cli.Bench;

/// <summary>
/// Won / tied / lost between two strategies on one family. The figure that decides is the median cost to the top
/// 1% (a strategy that gets there beats one that does not); costs within <see cref="Tolerance"/> of each other, or
/// both never reached, are decided by the median regret at the full budget, again with that tolerance; what is left
/// is a tie. The tolerance is relative, since seed-to-seed noise is proportional to the figure.
/// </summary>
public static class SuiteScoreboard
{
    public const double Tolerance = 0.10;

    public enum Outcome { Won, Tied, Lost }

    public static Outcome Compare(SuiteStrategyFigures a, SuiteStrategyFigures b)
    {
        var byCost = CompareValues(a.MedianCostToTop1 ?? double.PositiveInfinity, b.MedianCostToTop1 ?? double.PositiveInfinity);
        if (byCost != Outcome.Tied) return byCost;
        return CompareValues(a.RegretAt[^1] ?? double.PositiveInfinity, b.RegretAt[^1] ?? double.PositiveInfinity, absoluteFloor: 1e-9);
    }

    private static Outcome CompareValues(double a, double b, double absoluteFloor = 0)
    {
        if (double.IsPositiveInfinity(a) && double.IsPositiveInfinity(b)) return Outcome.Tied;
        if (double.IsPositiveInfinity(a)) return Outcome.Lost;
        if (double.IsPositiveInfinity(b)) return Outcome.Won;
        var margin = Tolerance * Math.Max(Math.Abs(a), Math.Abs(b)) + absoluteFloor;
        if (a < b - margin) return Outcome.Won;
        if (a > b + margin) return Outcome.Lost;
        return Outcome.Tied;
    }

    /// <summary>
    /// The better of the bench-only peers (Optuna TPE, screen-then-climb) on a family, by the same ordering; null
    /// when none of them ran.
    /// </summary>
    public static SuiteStrategyFigures? BestPeer(IReadOnlyList<SuiteStrategyFigures> strategies)
    {
        SuiteStrategyFigures? best = null;
        foreach (var s in strategies.Where(s => IsPeer(s.Name)))
            if (best is null || Compare(s, best) == Outcome.Won) best = s;
        return best;
    }

    public static bool IsPeer(string name) => name is OptunaTpeProposer.StrategyName or ScreenThenClimbProposer.StrategyName;
}

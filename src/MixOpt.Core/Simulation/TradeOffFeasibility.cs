using MixOpt.Core.Studies;

namespace MixOpt.Core.Simulation;

/// <summary>
/// Whether a simulated study's trade-off constraints can be met at all. Each loss of the mixing-law oracle is convex
/// in the mixture, so its least value over the simplex is found by descent and its largest lies at a vertex
/// (<see cref="MixingLawOracle.Optimum"/>): a bound beyond those is met by no mixture. The domain bounds only shrink the
/// set, so leaving them out keeps the proof sound; noise is left out because the trade-off is about what a mixture is,
/// not what one run happened to report. For other executors nothing is known of the metrics' range, so nothing is proved.
/// </summary>
public static class TradeOffFeasibility
{
    /// <summary>Errors keyed like the validator's (<c>tradeOff.constraints[i]</c>); empty when every constraint can be met. Call on a valid spec.</summary>
    public static IReadOnlyDictionary<string, string[]> Problems(StudySpec spec)
    {
        var problems = new Dictionary<string, string[]>();
        if (spec.Executor != ExecutorNames.Simulated || spec.TradeOff?.Constraints is not { Count: > 0 } constraints) return problems;
        var oracle = MixingLawOracle.Create(spec.Simulator, spec.Domains.Count, spec.Seed);
        for (var i = 0; i < constraints.Count; i++)
        {
            if (TradeOffConstraint.TryParse(constraints[i], out _) is not { } c) continue;
            var metric = new ObjectiveSpec { Metric = c.Metric, Direction = c.AtMost ? "minimize" : "maximize" };
            var (_, reach) = oracle.Optimum(metric, spec.DomainNames);
            var tolerance = 1e-6 * Math.Max(1, Math.Abs(c.Bound));
            if (c.AtMost ? reach > c.Bound + tolerance : reach < c.Bound - tolerance)
                problems[$"tradeOff.constraints[{i}]"] =
                    [$"No mixture can meet '{c}': on this study's oracle {c.Metric} is at {(c.AtMost ? "least" : "most")} {reach:G6} over the simplex."];
        }
        return problems;
    }
}

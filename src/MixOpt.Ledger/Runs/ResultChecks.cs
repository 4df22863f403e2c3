using MixOpt.Core.Execution;

namespace MixOpt.Ledger.Runs;

/// <summary>What a result must satisfy before it may be written: the ledger stores finite numbers only.</summary>
public static class ResultChecks
{
    public static void ThrowIfInvalid(RunOutcome outcome, double objective)
    {
        if (!double.IsFinite(objective)) throw new ArgumentException($"Objective is {objective}; results must be finite.", nameof(objective));
        foreach (var (name, value) in outcome.Metrics)
            if (!double.IsFinite(value)) throw new ArgumentException($"Metric '{name}' is {value}; results must be finite.", nameof(outcome));
        if (!double.IsFinite(outcome.Cost) || outcome.Cost < 0) throw new ArgumentException($"Cost is {outcome.Cost}; it must be finite and >= 0.", nameof(outcome));
    }
}

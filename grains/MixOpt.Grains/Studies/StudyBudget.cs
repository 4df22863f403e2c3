using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Studies;

/// <summary>
/// What is left of a study's budget: runs under its run cap, and cost under its cost budget (infinite when it has
/// none). Runs recorded from past experiments (warm start) spend neither: they were paid for elsewhere. A pending
/// run is charged its rung's cost; a finished one what it reported.
/// </summary>
public sealed record StudyBudget(int RunsLeft, double CostLeft)
{
    public static StudyBudget Of(StudySpec spec, int runCap, IReadOnlyCollection<RunRow> runs)
    {
        var finished = runs.Where(r => !r.State.IsPending() && IsOwn(r)).ToList();
        return Of(spec, runCap, finished.Count, finished.Sum(r => r.Cost ?? 0), runs.Where(r => r.State.IsPending()).ToList());
    }

    /// <summary>
    /// The same from running totals: the study's own finished runs (count and reported cost) and its pending runs, so
    /// a study that keeps those totals pays O(pending) per decision rather than O(all runs).
    /// </summary>
    public static StudyBudget Of(StudySpec spec, int runCap, int ownFinished, double ownFinishedCost, IReadOnlyCollection<RunRow> pending)
    {
        var runsLeft = runCap - ownFinished - pending.Count;
        if (spec.Budget.Cost is not { } total) return new StudyBudget(runsLeft, double.PositiveInfinity);
        var ladder = spec.Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget;
        double RungCost(double fidelity) => ladder.MinBy(x => Math.Abs(x.Value - fidelity))!.Cost;
        return new StudyBudget(runsLeft, total - ownFinishedCost - pending.Sum(r => RungCost(r.Fidelity)));
    }

    /// <summary>Whether a finished run spent this study's budget (runs recorded from past experiments did not).</summary>
    public static bool IsOwn(RunRow finished) => finished.Worker != StudyControlLedger.WarmStartWorker;

    /// <summary>The leading proposals whose summed cost fits in what is left.</summary>
    public IReadOnlyList<Proposal> Affordable(IReadOnlyList<Proposal> proposals, Func<double, double> costOf)
    {
        var left = CostLeft;
        var kept = new List<Proposal>(proposals.Count);
        foreach (var p in proposals)
        {
            var cost = costOf(p.Fidelity);
            if (cost > left) break;
            left -= cost;
            kept.Add(p);
        }
        return kept;
    }
}

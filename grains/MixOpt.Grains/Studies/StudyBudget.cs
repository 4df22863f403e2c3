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
        var own = runs.Where(r => r.Worker != StudyControlLedger.WarmStartWorker || r.State.IsPending()).ToList();
        var runsLeft = runCap - own.Count;
        if (spec.Budget.Cost is not { } total) return new StudyBudget(runsLeft, double.PositiveInfinity);
        var ladder = spec.Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget;
        double RungCost(double fidelity) => ladder.MinBy(x => Math.Abs(x.Value - fidelity))!.Cost;
        var spent = own.Sum(r => r.State.IsPending() ? RungCost(r.Fidelity) : r.Cost ?? 0);
        return new StudyBudget(runsLeft, total - spent);
    }

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

using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The baseline the multi-fidelity strategies must beat in a pool: run every pool mixture at the cheapest
/// fidelity, then run them at the target fidelity in the order of their cheap results, best first. It
/// recommends the best target-fidelity run so far (nothing before the first one). Deterministic: the seed
/// changes nothing.
/// </summary>
public sealed class ScreenThenClimbProposer : IProposer
{
    public const string StrategyName = "screen-then-climb";

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        var pool = context.Pool ?? throw new ArgumentException($"{StrategyName} only runs on a pool (bench pool).");
        var cheapest = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var batch = new List<Proposal>(count);
        foreach (var p in pool)
        {
            if (batch.Count == count) return batch;
            if (p.Fidelity == cheapest && !context.IsKnown(p)) batch.Add(p);
        }

        var objective = context.Study.Objective;
        var screened = context.Observations.Where(o => o.Fidelity == cheapest)
            .OrderBy(o => objective.Minimize ? o.Value : -o.Value);
        foreach (var o in screened)
        {
            if (batch.Count == count) break;
            var climb = pool.FirstOrDefault(p => p.Fidelity == target && p.Mixture.Equals(o.Mixture));
            if (climb is not null && !context.IsKnown(climb) && !batch.Contains(climb)) batch.Add(climb);
        }
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        var target = context.Target.Value;
        var atTarget = context.Observations.Where(o => o.Fidelity == target).ToList();
        if (atTarget.Count == 0) return null;
        var best = BestObservation.Find(atTarget, context.Study.Objective, target)!;
        return new Recommendation(best.Mixture, best.Value, 0, "best observed at the target fidelity");
    }
}

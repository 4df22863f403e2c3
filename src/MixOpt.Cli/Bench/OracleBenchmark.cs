using MixOpt.Core.Randomness;
using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The closed loop on the simulated oracle: a strategy may propose any mixture at any rung of the ladder, pays
/// the rung's cost and observes a noisy loss; after each run its recommendation is scored by its true
/// (noise-free) target loss minus the optimum. Traces hold that regret as the step score. A strategy proposes
/// <c>batchSize</c> runs per step (pending runs of the batch are its own business) and is scored once per step.
/// </summary>
public static class OracleBenchmark
{
    public static PoolTrace Run(OracleProblem problem, IProposer proposer, int seed, double budget, Func<ProposalContext, int>? batchSize = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var study = problem.Study with { Strategy = proposer.Name };
            var observations = new List<Observation>();
            var costs = new List<double>();
            var regrets = new List<double>();
            var spent = 0.0;
            var outOfBudget = false;
            for (var round = 0; !outOfBudget; round++)
            {
                var context = new ProposalContext(study, observations.ToArray(), [], round);
                var batch = proposer.Propose(context, Math.Max(1, batchSize?.Invoke(context) ?? 1));
                if (batch.Count == 0) break;
                var ran = 0;
                foreach (var p in batch)
                {
                    if (p.Mixture.Count != problem.Names.Count)
                        throw new InvalidOperationException($"strategy {proposer.Name} proposed a mixture over {p.Mixture.Count} domains; the oracle has {problem.Names.Count}.");
                    if (context.IsKnown(p) || observations.Skip(context.Observations.Count).Any(o => o.Fidelity == p.Fidelity && o.Mixture.Equals(p.Mixture)))
                        throw new InvalidOperationException($"strategy {proposer.Name} (seed {seed}) proposed {p.Mixture} at fidelity {p.Fidelity} again.");
                    var cost = context.CostOf(p.Fidelity);
                    if (spent + cost > budget * (1 + 1e-9)) { outOfBudget = true; break; }
                    spent += cost;
                    // The noise seed counts runs, not rounds, so a run's noise does not depend on how it was batched.
                    var metrics = problem.Oracle.Sample(p.Mixture, p.Fidelity, problem.Names, SeedMixer.Mix(seed, observations.Count, 0x0AC1));
                    observations.Add(new Observation(p.Mixture, p.Fidelity, study.Objective.Score(metrics, problem.Names)));
                    ran++;
                }
                if (ran == 0) break;

                var recommendation = proposer.Recommend(context with { Observations = observations.ToArray() });
                if (recommendation is null) continue;
                costs.Add(spent);
                regrets.Add(problem.Oracle.Objective(recommendation.Mixture, study.Objective, problem.Names) - problem.Optimum);
            }
            var final = regrets.Count == 0 ? double.PositiveInfinity : regrets[^1];
            return new PoolTrace(seed, costs, regrets, double.PositiveInfinity, final, spent, observations.Count, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
    }

    /// <summary>The regret of the latest recommendation made at cumulative cost ≤ <paramref name="cost"/> (∞ before the first).</summary>
    public static double RegretAt(PoolTrace trace, double cost)
    {
        var regret = double.PositiveInfinity;
        for (var i = 0; i < trace.Costs.Count && trace.Costs[i] <= cost * (1 + 1e-9); i++) regret = trace.Scores[i];
        return regret;
    }
}

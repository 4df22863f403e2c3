using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The retrospective loop: one run at a time, a strategy proposes a pool row, pays its cost and observes its
/// recorded metric; then it recommends a target-fidelity row, whose true metric is the step's score. The loop
/// ends when the next run would exceed the budget, the strategy has nothing left to propose, or the pool is spent.
/// </summary>
public static class PoolBenchmark
{
    public static PoolTrace Run(PoolProblem problem, Func<IProposer> createProposer, int seed, double budget)
    {
        var proposer = createProposer();
        try
        {
            return Loop(problem, proposer, seed, budget);
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
    }

    private static PoolTrace Loop(PoolProblem problem, IProposer proposer, int seed, double budget)
    {
        var study = problem.Study with { Seed = seed, Strategy = proposer.Name };
        var used = new bool[problem.Pool.Count];
        var observations = new List<Observation>();
        var costs = new List<double>();
        var scores = new List<double>();
        var spent = 0.0;
        var costToTop = double.PositiveInfinity;
        var round = 0;
        while (observations.Count < problem.Pool.Count)
        {
            var context = new ProposalContext(study, observations.ToArray(), [], round++, problem.Pool);
            var batch = proposer.Propose(context, 1);
            if (batch.Count == 0) break;
            var row = problem.Match(batch[0], used);
            if (row < 0)
                throw new InvalidOperationException($"strategy {proposer.Name} (seed {seed}) proposed {batch[0].Mixture} at fidelity {batch[0].Fidelity}, which is not an unused pool row.");
            // Budgets are sums of fractions like 1/60: allow for rounding.
            if (spent + problem.Cost(row) > budget * (1 + 1e-9)) break;
            used[row] = true;
            spent += problem.Cost(row);
            observations.Add(new Observation(problem.Pool[row].Mixture, problem.Pool[row].Fidelity, problem.Value(row)));

            var recommendation = proposer.Recommend(context with { Observations = observations.ToArray() });
            if (recommendation is null) continue;
            var score = problem.Value(problem.NearestTarget(recommendation.Mixture));
            costs.Add(spent);
            scores.Add(score);
            if (double.IsPositiveInfinity(costToTop) && problem.InTop(score)) costToTop = spent;
        }
        var finalRegret = scores.Count == 0 ? double.PositiveInfinity : problem.Regret(scores[^1]);
        return new PoolTrace(seed, costs, scores, costToTop, finalRegret, spent);
    }
}

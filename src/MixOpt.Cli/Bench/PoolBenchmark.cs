using System.Diagnostics;
using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The retrospective loop: a strategy proposes pool rows (one per step, or its batch size), pays their costs and
/// observes their recorded metrics; then it recommends a target-fidelity row, whose true metric is the step's score.
/// A seed ends when the next run would exceed the budget, the strategy has nothing left to propose, the pool is
/// spent, or once both figures are settled: the recommendation has been in the top 1% and the cost has reached the
/// cap at which the final regret is read (see <see cref="PoolRunSettings"/>).
/// </summary>
public static class PoolBenchmark
{
    public static PoolTrace Run(PoolProblem problem, Func<IProposer> createProposer, int seed, PoolRunSettings settings)
    {
        var proposer = createProposer();
        try
        {
            return Loop(problem, proposer, seed, settings);
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
    }

    private static PoolTrace Loop(PoolProblem problem, IProposer proposer, int seed, PoolRunSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var study = problem.Study with { Seed = seed, Strategy = proposer.Name };
        var used = new bool[problem.Pool.Count];
        var observations = new List<Observation>();
        var costs = new List<double>();
        var scores = new List<double>();
        var spent = 0.0;
        var costToTop = double.PositiveInfinity;
        var round = 0;
        var outOfBudget = false;
        while (!outOfBudget && observations.Count < problem.Pool.Count && !(double.IsFinite(costToTop) && spent >= settings.Cap * (1 - 1e-9)))
        {
            var context = new ProposalContext(study, observations.ToArray(), [], round++, problem.Pool);
            var batch = proposer.Propose(context, Math.Max(1, settings.BatchSize(proposer.Name, context)));
            if (batch.Count == 0) break;
            var ran = 0;
            foreach (var proposal in batch)
            {
                var row = problem.Match(proposal, used);
                if (row < 0)
                    throw new InvalidOperationException($"strategy {proposer.Name} (seed {seed}) proposed {proposal.Mixture} at fidelity {proposal.Fidelity}, which is not an unused pool row.");
                // Budgets are sums of fractions like 1/60: allow for rounding.
                if (spent + problem.Cost(row) > settings.Budget * (1 + 1e-9)) { outOfBudget = true; break; }
                used[row] = true;
                spent += problem.Cost(row);
                observations.Add(new Observation(problem.Pool[row].Mixture, problem.Pool[row].Fidelity, problem.Value(row)));
                ran++;
            }
            if (ran == 0) break;

            var recommendation = proposer.Recommend(context with { Observations = observations.ToArray() });
            if (recommendation is null) continue;
            var score = problem.Value(problem.NearestTarget(recommendation.Mixture));
            costs.Add(spent);
            scores.Add(score);
            if (double.IsPositiveInfinity(costToTop) && problem.InTop(score)) costToTop = spent;
        }
        var finalRegret = RegretAtCap(problem, costs, scores, settings.Cap);
        var trace = new PoolTrace(seed, costs, scores, costToTop, finalRegret, spent, observations.Count, clock.Elapsed.TotalSeconds);
        settings.Progress?.Invoke(proposer.Name, trace);
        return trace;
    }

    /// <summary>
    /// The regret of the recommendation held at cost <paramref name="cap"/>: the latest one made at cumulative cost
    /// ≤ cap, or, when the first came later (e.g. a screening strategy), that first one. ∞ without any.
    /// </summary>
    public static double RegretAtCap(PoolProblem problem, IReadOnlyList<double> costs, IReadOnlyList<double> scores, double cap)
    {
        if (scores.Count == 0) return double.PositiveInfinity;
        var held = 0;
        for (var i = 0; i < costs.Count && costs[i] <= cap * (1 + 1e-9); i++) held = i;
        return problem.Regret(scores[held]);
    }
}

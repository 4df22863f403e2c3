namespace MixOpt.Cli.Bench;

/// <summary>
/// One strategy's run on one seed: after each step, the cumulative cost and its recommendation's true value
/// (for the oracle: its regret); the cost at which it first reached the top 1%, the final regret, what it spent,
/// how many runs it made, and its wall-clock seconds.
/// </summary>
public sealed record PoolTrace(int Seed, IReadOnlyList<double> Costs, IReadOnlyList<double> Scores, double CostToTop1, double FinalRegret, double Spent,
    int Runs = 0, double Seconds = 0);

namespace MixOpt.Cli.Bench;

/// <summary>One strategy's run on one seed: after each step, the cumulative cost and its recommendation's true value.</summary>
public sealed record PoolTrace(int Seed, IReadOnlyList<double> Costs, IReadOnlyList<double> Scores, double CostToTop1, double FinalRegret, double Spent);

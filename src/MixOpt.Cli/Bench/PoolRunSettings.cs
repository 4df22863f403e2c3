namespace MixOpt.Cli.Bench;

/// <summary>
/// How <c>bench pool</c> runs a seed. <see cref="Budget"/>: the most a seed may spend. <see cref="Cap"/>: the cost at
/// which the final regret is read; a seed whose recommendation has reached the top 1% stops once it has spent the
/// cap, since nothing it does later can change either figure (cap = budget: every seed runs to the end).
/// <see cref="BatchSize"/>: how many runs a strategy proposes per step (its recommendation is scored once per step).
/// <see cref="Progress"/>: called with each finished seed (for the command's progress lines).
/// </summary>
public sealed record PoolRunSettings(double Budget, double Cap, Func<string, Core.Strategies.ProposalContext, int> BatchSize, Action<string, PoolTrace>? Progress = null)
{
    /// <summary>One run per step, every seed to the end of the budget.</summary>
    public static PoolRunSettings Sequential(double budget) => new(budget, budget, (_, _) => 1);
}

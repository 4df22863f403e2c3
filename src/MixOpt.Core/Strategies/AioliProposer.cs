using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

/// <summary>
/// The <c>aioli</c> strategy: one run, started from the uniform (stratified) mixture within the constraints, whose
/// trainer re-weights it in rounds (<see cref="InRun.AioliMethod"/>). The proposer only places that run; the
/// recommendation comes from the run's recorded trajectory (its final or averaged proportions), which the study
/// reads from the ledger, so <see cref="Recommend"/> here is the best observed run's starting mixture as a fallback.
/// </summary>
public sealed class AioliProposer : IProposer
{
    public const string StrategyName = AioliStudyRules.StrategyName;

    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } =
        [StrategyOption.Rounds, StrategyOption.ProbeSteps, StrategyOption.StepSize, StrategyOption.Smoothing, StrategyOption.Recommend,
         StrategyOption.RestoreAfterProbe, StrategyOption.ProbesInBudget, StrategyOption.AverageInteractions, StrategyOption.WarmupSteps, StrategyOption.Sweeps];

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        if (count <= 0 || context.Observations.Count + context.Pending.Count > 0) return [];
        return [new Proposal(Start(context), context.Target.Value)];
    }

    public Recommendation? Recommend(ProposalContext context) => context.BestObserved();

    /// <summary>Uniform proportions moved into the study's constraints (Aioli's stratified start).</summary>
    public static Mixture Start(ProposalContext context)
    {
        var weights = Enumerable.Repeat(1.0 / context.Domains, context.Domains).ToArray();
        context.Constraints().Project(weights);
        return Mixture.Normalize(weights);
    }
}

using MixOpt.Core.Studies;
using MixOpt.Core.Strategies.Bayesian;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Strategy <c>auto</c>, the default for a study that names none: it chooses, from the study's ladder and runs,
/// among the engine's strategies, and says why in its recommendation's basis. One rung: <c>bo</c>. A ladder: <c>mfbo</c>,
/// which is bo at the target (plus a cheap twin of each target run) until a cheap rung's paired target runs have
/// earned trust (<see cref="CheapRungTrust"/>), so on a ladder that cannot be trusted auto spends as bo does, and it
/// screens cheaply only where the data showed that screening pays. (Until engine15d mfbo assumed trust first and
/// auto inherited its losses: regret 0.1476 vs random's 0.0782 on the short suite's ρ = 0.3 family.) The choice is a
/// function of the data only, so a kept instance and a fresh one decide alike; the instance keeps both strategies
/// (and their fits) between decisions.
/// </summary>
public sealed class AutoProposer : IProposer
{
    public const string StrategyName = StudySpec.DefaultStrategy;

    /// <summary>auto tunes itself; a study that wants to tune a strategy names it.</summary>
    public static IReadOnlyList<StrategyOption> DeclaredOptions { get; } = [];

    /// <summary>A cheap rung whose estimated correlation with the target is below this is not worth screening on.</summary>
    public const double DistrustBelow = MfboProposer.DistrustBelow;

    private readonly BoProposer _bo = new();
    private readonly MfboProposer _mfbo = new();

    public string Name => StrategyName;

    /// <summary>The strategy auto uses on <paramref name="context"/>'s data, and why.</summary>
    public (IProposer Strategy, string Reason) Choose(ProposalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Fidelities.Count < 2) return (_bo, "a single rung: Bayesian optimization at the target");
        var targetRuns = context.Observations.Count(o => o.Fidelity >= context.Target.Value);
        var paired = MfboProposer.Paired(context);
        if (targetRuns == 0)
            return (_mfbo, $"a ladder of {context.Fidelities.Count} rungs and no target run yet: a cheap design, then the first target run");
        var best = paired.Where(p => p.Measured).MaxBy(p => p.Lower95);
        if (CheapRungTrust.Earned(paired))
            return (_mfbo, $"cheap rung r{best!.Rung} earned trust on {best.Pairs} paired target runs (Spearman {best.Spearman:F2} [{best.Lower95:F2}, {best.Upper95:F2}]): multi-fidelity");
        return best is null
            ? (_mfbo, $"cheap rungs not yet measured against the target ({targetRuns} target runs): bo at the target with cheap twins")
            : (_mfbo, $"no cheap rung has earned trust (best: Spearman {best.Spearman:F2} [{best.Lower95:F2}, {best.Upper95:F2}] on {best.Pairs} pairs): bo at the target with cheap twins");
    }

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count) => Choose(context).Strategy.Propose(context, count);

    public Recommendation? Recommend(ProposalContext context)
    {
        var (strategy, reason) = Choose(context);
        return strategy.Recommend(context) is { } recommendation
            ? recommendation with { Basis = $"auto chose {strategy.Name} ({reason}); {recommendation.Basis}" }
            : null;
    }
}

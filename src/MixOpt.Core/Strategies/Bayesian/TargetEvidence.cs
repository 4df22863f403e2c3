namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// How much mfbo may spend on cheap rungs before it must run the target again. A knowledge gradient with a fixed
/// rung correlation keeps finding cheap runs worth 20–60 times their cost, long after the cheap rung has said all it
/// can about the target, and never learns that the cheap rung was wrong (seen on weak-transfer and reversed ladders:
/// hundreds of cheap runs, no target run, regret rising with spend). So cheap spending between target runs is
/// capped by what the data say the cheap rungs are worth: the allowance, in units of one target run's cost, is the
/// share of a target run's variance a cheap rung explains over the share it leaves, ρ²/(1 − ρ²), at the lower end ρ of
/// the best cheap rung's 95% trust interval — large once target runs have confirmed strong transfer, small when they
/// show weak transfer (then mfbo spends like target-only bo). Before a few target runs exist the allowance is at
/// least half a target run's cost, so strong-transfer ladders are screened cheaply first.
/// </summary>
public static class TargetEvidence
{
    /// <summary>Allowance (target-run costs) before <see cref="BayesianDefaults.MinimumFitRows"/> target runs exist.</summary>
    public const double FirstAllowance = 0.5;

    /// <summary>Allowance once trust has been measured and found weak: a little cheap screening between target runs.</summary>
    public const double WeakTrustAllowance = 0.25;

    /// <summary>The cheap spend allowed between target runs, in target-run costs.</summary>
    public static double Allowance(int targetRuns, double trustLower)
    {
        var rho = Math.Clamp(trustLower, 0, 0.995);
        var odds = rho * rho / (1 - rho * rho);
        return Math.Max(targetRuns < BayesianDefaults.MinimumFitRows ? FirstAllowance : WeakTrustAllowance, odds);
    }

    /// <summary>
    /// True when the cheap spend since the last target run (observed in order, then pending, then this batch) has
    /// used up the allowance. A target run pending or already in the batch resets the count.
    /// </summary>
    /// <param name="trustLower">The lower 95% bound of the best cheap rung's trust; asked only when the spend could have used up an allowance.</param>
    public static bool MustRunTarget(ProposalContext context, IReadOnlyList<Proposal> batch, Func<double> trustLower)
    {
        var target = context.Target;
        var spent = 0.0;
        foreach (var fidelity in context.Observations.Select(o => o.Fidelity).Concat(context.Pending.Select(p => p.Fidelity)).Concat(batch.Select(p => p.Fidelity)))
            spent = fidelity >= target.Value ? 0 : spent + context.CostOf(fidelity);
        var targetRuns = context.Observations.Count(o => o.Fidelity >= target.Value);
        var least = targetRuns < BayesianDefaults.MinimumFitRows ? FirstAllowance : WeakTrustAllowance;
        return spent >= least * target.Cost && spent >= Allowance(targetRuns, trustLower()) * target.Cost;
    }

    /// <summary>
    /// Target runs spent on checking the cheap rungs before mfbo searches the target on its own terms: enough pairs for
    /// <see cref="PairedRungEvidence"/> to rule a reversed rung out (it needs <see cref="PairedRungEvidence.MinimumPairs"/>; one more
    /// narrows its interval from about ±1.3 to ±0.9 in Fisher z).
    /// </summary>
    public const int TrustChecks = PairedRungEvidence.MinimumPairs + 1;

    /// <summary>
    /// The check that teaches most about the cheapest rung's trust: among <paramref name="checks"/>, the mixture whose
    /// place in the cheapest rung's ranking (0 = its best run, 1 = its worst) is farthest from every mixture already run
    /// (or pending, or in the batch) at both. The first check, with nothing to spread from, is left to the knowledge
    /// gradient (null). Checks among the cheap rung's favourites only see a narrow band of its ranking, and the
    /// correlation within that band says little about the rung (on a reversed ladder four such pairs measured +0.8);
    /// spread checks see the whole ranking, and on a reversed rung the check at its worst run is the target's good one.
    /// </summary>
    public static Mixtures.Mixture? SpreadCheck(ProposalContext context, IReadOnlyList<Proposal> batch, IReadOnlyList<Mixtures.Mixture> checks)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(checks);
        var cheapest = context.Fidelities[0].Value;
        var target = context.Target.Value;
        var minimize = context.Study.Objective.Minimize;
        var runs = context.Observations.Where(o => o.Fidelity == cheapest).ToArray();
        var mixtures = new List<(Mixtures.Mixture Mixture, double Value)>();
        foreach (var run in runs)
            if (!mixtures.Any(m => m.Mixture.Equals(run.Mixture)))
                mixtures.Add((run.Mixture, runs.Where(o => o.Mixture.Equals(run.Mixture)).Average(o => o.Value)));
        if (mixtures.Count < 2) return null;
        var ordered = mixtures.OrderBy(m => minimize ? m.Value : -m.Value).Select(m => m.Mixture).ToArray();
        double? Place(Mixtures.Mixture m)
        {
            var index = Array.FindIndex(ordered, o => o.Equals(m));
            return index < 0 ? null : index / (double)(ordered.Length - 1);
        }

        var atTarget = context.Observations.Where(o => o.Fidelity >= target).Select(o => o.Mixture)
            .Concat(context.Pending.Where(p => p.Fidelity >= target).Select(p => p.Mixture))
            .Concat(batch.Where(p => p.Fidelity >= target).Select(p => p.Mixture));
        var placed = atTarget.Select(Place).OfType<double>().ToArray();
        if (placed.Length == 0) return null;
        return checks.Select(m => (Mixture: m, Place: Place(m)))
            .Where(c => c.Place is not null)
            .Select(c => (c.Mixture, Gap: placed.Min(q => Math.Abs(q - c.Place!.Value))))
            .OrderByDescending(c => c.Gap)
            .Select(c => c.Mixture)
            .FirstOrDefault();
    }

    /// <summary>
    /// Mixtures run (or pending) at a cheap rung and not yet at the target, nor in the batch at the target; with a pool,
    /// only those whose target row is open. What a target run can check a cheap rung's claim on.
    /// </summary>
    public static IReadOnlyList<Mixtures.Mixture> CheapOnly(ProposalContext context, IReadOnlyList<Proposal> batch)
    {
        var target = context.Target.Value;
        var open = context.Pool is null ? null : context.OpenPoolRows(target).Select(p => p.Mixture).ToArray();
        return context.Observations.Where(o => o.Fidelity < target).Select(o => o.Mixture)
            .Concat(context.Pending.Where(p => p.Fidelity < target).Select(p => p.Mixture))
            .Distinct()
            .Where(m => !context.IsKnown(m) && !batch.Any(b => b.Fidelity == target && b.Mixture.Equals(m)))
            .Where(m => open is null || open.Any(o => o.Equals(m)))
            .ToArray();
    }
}

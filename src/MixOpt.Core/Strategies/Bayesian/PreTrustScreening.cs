namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// When mfbo screens at the cheap rung before the cheapest rung has earned trust (<see cref="CheapRungTrust"/>):
/// while it has two or three pairs and they all rank as the target does. Trust takes
/// <see cref="PairedRungEvidence.MinimumPairs"/> pairs, 0.5 + 4 × 1.05 target runs on the problem suite's ladders, and
/// on a strong ladder the best mixture can be found for far less: so between those target runs mfbo spends one
/// allowance of cheap runs (<see cref="TargetEvidence.FirstAllowance"/> while it has fewer than
/// <see cref="BayesianDefaults.MinimumFitRows"/> target runs, <see cref="TargetEvidence.WeakTrustAllowance"/> after)
/// chosen by the knowledge gradient; while it has fewer than three target runs its recommendation is the
/// multi-fidelity posterior's, so a screened mixture the model is sure of becomes the recommendation. On
/// d17-r2-rho0.99 (seeds 0..9) that took the median cost to top-1% from 6.025 to 3.1, the hits all during the screening.
/// The next target run is bo's own pick, as without the screening: aiming it at the cheap runs' best (log EI on the
/// multi-fidelity posterior) won the same there but cost the reversed ladder more on fresh seeds (median 12.8 → 20.65
/// against 15.75), since a reversed rung's favourite is a poor target run. Trust itself is still earned only by the
/// four-pair test. Two pairs agree by chance half the time (a reversed ρ = −0.6 rung about a third), three one time in six.
/// </summary>
public static class PreTrustScreening
{
    /// <summary>Fewest pairs before screening: one pair says nothing about order.</summary>
    public const int MinimumAgreeingPairs = 2;

    /// <summary>
    /// True when the cheapest rung has at least <see cref="MinimumAgreeingPairs"/> pairs and fewer than
    /// <see cref="PairedRungEvidence.MinimumPairs"/> (from there the trust test decides), and they rank exactly as the
    /// target does (Spearman 1).
    /// </summary>
    public static bool Wanted(IReadOnlyList<PairedRungCorrelation> paired)
    {
        ArgumentNullException.ThrowIfNull(paired);
        if (paired.Count == 0) return false;
        var cheapest = paired[0];
        return cheapest.Pairs >= MinimumAgreeingPairs && cheapest.Pairs < PairedRungEvidence.MinimumPairs && cheapest.Spearman >= 1 - 1e-12;
    }

    /// <summary>
    /// The screening's batch as mfbo proposes it: the knowledge gradient's cheap runs up to where the allowance is spent,
    /// then bo's own target picks (the screening's runs pending) for the rest of the batch. Target runs during the
    /// screening are bo's, never aimed by the cheap rung: on d17-r3-rev seed 300 the knowledge gradient, offered the
    /// target too, picked a target run five cheap runs into the screening and bo's path was lost from there: the seed's
    /// cost to top-1% was 20.65 against bo's 4.0 (5.2 with the screening kept cheap; seeds 300..304's median 15.75 →
    /// 12.8 against bo's 12). A batch of one is never cut: mfbo screens only while allowance is left.
    /// </summary>
    /// <param name="screening">The knowledge gradient's picks, offered the cheap rungs only.</param>
    /// <param name="bo">bo's target picks on a context (with the kept screening runs pending), for a number of runs.</param>
    public static IReadOnlyList<Proposal> ThenBo(ProposalContext context, IReadOnlyList<Proposal> screening, int count,
        Func<ProposalContext, int, IReadOnlyList<Proposal>> bo)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(bo);
        var kept = new List<Proposal>();
        // Before trust the allowance is the floor one (no learned trust raises it), as mfbo's gate measures it.
        foreach (var proposal in screening.Take(count))
        {
            if (TargetEvidence.MustRunTarget(context, kept, () => 0)) break;
            kept.Add(proposal);
        }
        if (kept.Count >= count) return kept;
        return [.. kept, .. bo(context with { Pending = [.. context.Pending, .. kept] }, count - kept.Count)];
    }
}

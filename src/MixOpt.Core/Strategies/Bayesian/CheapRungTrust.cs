namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// When mfbo may screen at cheap rungs: only once a cheap rung has earned it on paired target runs, i.e. its paired
/// rank correlation with the target is measured (<see cref="PairedRungEvidence.MinimumPairs"/> pairs or more) and the
/// lower end of its 95% interval is at least <see cref="TrustFrom"/>. Until then (and again whenever new pairs pull the
/// bound down) mfbo runs at the target as bo does, plus a cheap twin of each target run (<see cref="CheapTwin"/>).
/// Assuming trust (the coregionalized model's prior, ρ ≈ 0.9) cost mfbo a median 13.45 / 14.55 / 11.65 target runs
/// against bo's 6 / 9 / 7 on reversed, ρ = 0.3 and ρ = 0.6 ladders (engine15c). With the Fisher–Bonett–Wright
/// interval, four pairs that agree perfectly give a lower bound of 0.88 and five 0.97; one swapped neighbour among
/// five gives −0.23, Spearman 0.94 on eight pairs 0.60: trust is earned within a few pairs on strong ladders and
/// rarely on weak ones (four pairs of an unrelated rung agree perfectly by chance once in 24).
/// </summary>
public static class CheapRungTrust
{
    /// <summary>
    /// The lower 95% bound of a paired correlation from which the rung is screened: at 0.5 the cheap rung explains at
    /// least a quarter of the target's rank variance, and <see cref="TargetEvidence.Allowance"/> lets it spend a third
    /// of a target run between target runs (more as the bound rises). 0.75 was too strict for noisy cheap runs: a
    /// ρ = 0.99 family with noise 0.05 of the effect measured Spearman 0.94 [0.69, 1] on 10 pairs.
    /// </summary>
    public const double TrustFrom = 0.5;

    /// <summary>True when some cheap rung's paired correlation with the target is measured and its lower 95% bound reaches <see cref="TrustFrom"/>.</summary>
    public static bool Earned(IReadOnlyList<PairedRungCorrelation> paired)
    {
        ArgumentNullException.ThrowIfNull(paired);
        return paired.Any(p => p.Measured && p.Lower95 >= TrustFrom);
    }
}

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// A cheap rung's rank correlation with the target measured directly on the mixtures run at both (<see cref="Pairs"/>
/// of them, replicate runs averaged): Spearman's ρ and a 95% interval. Unlike the coregionalized model's estimate
/// (<see cref="Surrogates.Gp.RungTrust"/>), it has no prior to lean on, so with few target runs its interval is wide
/// and it only speaks when the pairs themselves say so: a reversed rung is visible after four or five pairs.
/// </summary>
public sealed record PairedRungCorrelation(int Rung, int Pairs, double Spearman, double Lower95, double Upper95)
{
    /// <summary>True when there are enough pairs for an interval (<see cref="PairedRungEvidence.MinimumPairs"/>).</summary>
    public bool Measured => Pairs >= PairedRungEvidence.MinimumPairs;
}

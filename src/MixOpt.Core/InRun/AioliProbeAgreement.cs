namespace MixOpt.Core.InRun;

/// <summary>
/// How well one sweep of probes estimates a round's update direction, measured from several sweeps of the same
/// round. Each sweep alone gives a gradient <c>g</c> (column sums of its own fit); the exponentiated-gradient step
/// renormalizes, so only <c>g</c> minus its mean moves the proportions: that centered gradient <c>c</c> is what is
/// compared. The reference for a domain is the mean of <c>c</c> over all sweeps (many probes); its signal-to-noise
/// ratio is |mean| / sd over single sweeps, and its sign agreement is the share of sweeps whose sign matches the mean of
/// the OTHER sweeps (leave-one-out, so a sweep is never judged against itself).
/// </summary>
public sealed record AioliProbeAgreement(
    IReadOnlyList<double> Reference, IReadOnlyList<double> SingleSweepNoise, IReadOnlyList<double> SignAgreement, double ShiftToSpread, int Sweeps)
{
    /// <summary>
    /// The reference split into what a domain does for itself (the centered diagonal <c>A_ii</c>) and for the others
    /// (the centered off-diagonal column sum); the two add up to <see cref="Reference"/>.
    /// </summary>
    public IReadOnlyList<double> SelfPart { get; init; } = [];

    /// <summary>|reference| / single-sweep sd per domain (infinite where the sweeps agree exactly).</summary>
    public IReadOnlyList<double> SignalToNoise => Reference.Select((r, i) => SingleSweepNoise[i] > 0 ? Math.Abs(r) / SingleSweepNoise[i] : double.PositiveInfinity).ToArray();

    /// <summary>
    /// From the probes of one round: needs at least two sweeps, each probing every domain. <see cref="ShiftToSpread"/>
    /// is the mean over sweeps of |mean of g| / max|c|: how much the part every domain shares outweighs the part
    /// that moves the proportions in the update's max|g| scaling.
    /// </summary>
    public static AioliProbeAgreement Of(IReadOnlyList<AioliProbe> roundProbes, int domains)
    {
        var sweeps = roundProbes.GroupBy(p => p.Sweep).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        if (sweeps.Length < 2) throw new ArgumentException($"Probe agreement needs at least two sweeps of one round, got {sweeps.Length}.");
        var centered = new double[sweeps.Length][];
        var self = new double[domains];
        var shift = 0.0;
        for (var s = 0; s < sweeps.Length; s++)
        {
            var a = AioliEstimator.FitInteractionMatrix(sweeps[s].Select(p => p.Proportions).ToArray(), sweeps[s].Select(p => p.Changes).ToArray());
            var g = AioliEstimator.Gradient(a);
            var diagonalMean = Enumerable.Range(0, domains).Average(i => a[i, i]);
            for (var i = 0; i < domains; i++) self[i] += (a[i, i] - diagonalMean) / sweeps.Length;
            var mean = g.Average();
            centered[s] = g.Select(x => x - mean).ToArray();
            var spread = centered[s].Max(Math.Abs);
            shift += spread > 0 ? Math.Abs(mean) / spread / sweeps.Length : 0;
        }
        var reference = new double[domains];
        var noise = new double[domains];
        var agreement = new double[domains];
        for (var i = 0; i < domains; i++)
        {
            var column = centered.Select(c => c[i]).ToArray();
            var mean = column.Average();
            reference[i] = mean;
            noise[i] = Math.Sqrt(column.Sum(x => (x - mean) * (x - mean)) / (column.Length - 1));
            var total = column.Sum();
            var agree = 0;
            for (var s = 0; s < column.Length; s++)
            {
                var others = (total - column[s]) / (column.Length - 1);
                if (Math.Sign(others) == Math.Sign(column[s]) && others != 0) agree++;
            }
            agreement[i] = agree / (double)column.Length;
        }
        return new AioliProbeAgreement(reference, noise, agreement, shift, sweeps.Length) { SelfPart = self };
    }
}

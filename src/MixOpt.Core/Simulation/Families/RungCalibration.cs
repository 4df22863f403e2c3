using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// Chooses the angle θ of a rung surface <c>cos θ·z_target + sin θ·z_own</c> (both standardized over a reference
/// sample) so that its Spearman rank correlation with the target over that sample is the one asked for. Spearman
/// falls as θ goes from 0 (the target itself) to π (the target reversed), so bisection finds it.
/// </summary>
public static class RungCalibration
{
    public static double Angle(IReadOnlyList<double> target, IReadOnlyList<double> own, double rankCorrelation)
    {
        if (target.Count != own.Count) throw new ArgumentException("Target and rung samples differ in length.");
        if (rankCorrelation >= 1) return 0;
        if (rankCorrelation <= -1) return Math.PI;
        var mixed = new double[target.Count];
        double SpearmanAt(double theta)
        {
            var (c, s) = (Math.Cos(theta), Math.Sin(theta));
            for (var i = 0; i < mixed.Length; i++) mixed[i] = c * target[i] + s * own[i];
            return RankCorrelation.Spearman(target, mixed);
        }
        double lo = 0, hi = Math.PI;
        for (var it = 0; it < 50; it++)
        {
            var mid = 0.5 * (lo + hi);
            if (SpearmanAt(mid) > rankCorrelation) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}

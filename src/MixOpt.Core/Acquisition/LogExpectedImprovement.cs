using MathNet.Numerics.Distributions;

namespace MixOpt.Core.Acquisition;

/// <summary>
/// Expected improvement in log form (Ament et al. 2023, "LogEI"): log E[max(0, improvement)]. Plain EI underflows
/// to exactly 0 a few standard deviations from the incumbent, leaving an optimizer with a flat landscape; the log
/// form stays finite and ordered there by using the asymptotic expansion of the normal tail.
/// </summary>
public static class LogExpectedImprovement
{
    private const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>
    /// log EI at a point with posterior <paramref name="mean"/> and <paramref name="stdDev"/>, against the incumbent
    /// <paramref name="best"/>, in the objective's direction. −∞ when the model is certain and no better.
    /// </summary>
    public static double Value(double mean, double stdDev, double best, bool minimize)
    {
        var improvement = minimize ? best - mean : mean - best;
        if (!(stdDev > 0)) return improvement > 0 ? Math.Log(improvement) : double.NegativeInfinity;
        var z = improvement / stdDev;
        return Math.Log(stdDev) + LogH(z);
    }

    /// <summary>log h(z) with h(z) = φ(z) + zΦ(z), the expected improvement of a standard normal over −z.</summary>
    public static double LogH(double z)
    {
        if (z > -5)
        {
            var h = Normal.PDF(0, 1, z) + z * Normal.CDF(0, 1, z);
            return Math.Log(Math.Max(h, double.Epsilon));
        }
        // Below the incumbent φ(z) and zΦ(z) cancel, and a library tail probability is not precise enough for the
        // difference. Write h(z) = φ(z)·(1 − t·M(t)), t = −z, with the Mills ratio M(t) = Q(t)/φ(t) from its
        // continued fraction 1/(t + 1/(t + 2/(t + 3/(t + …)))), which converges to ~1e-9 within 300 terms for t ≥ 5.
        var t = -z;
        double tail;
        if (t < 1e4)
        {
            var fraction = t;
            for (var k = 300; k >= 1; k--) fraction = t + k / fraction;
            tail = 1 - t / fraction;
        }
        else
        {
            // Far out the asymptotic series is exact to rounding: 1 − t·M(t) = 1/t² − 3/t⁴ + ….
            var t2 = t * t;
            tail = (1 - 3 / t2) / t2;
        }
        return -0.5 * z * z - LogSqrt2Pi + Math.Log(tail);
    }
}

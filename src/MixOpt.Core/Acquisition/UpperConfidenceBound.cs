namespace MixOpt.Core.Acquisition;

/// <summary>
/// Upper confidence bound (GP-UCB): optimism in the face of uncertainty, mean plus β standard deviations in the
/// objective's direction. Returned as a score to maximize (for minimization it is −(μ − βσ)).
/// </summary>
public static class UpperConfidenceBound
{
    public const double DefaultBeta = 2.0;

    public static double Value(double mean, double stdDev, bool minimize, double beta = DefaultBeta) =>
        minimize ? -(mean - beta * stdDev) : mean + beta * stdDev;
}

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>The Matérn-5/2 correlation as a function of the scaled distance r, and the factor its gradients share.</summary>
public static class Matern52
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>(1 + √5 r + 5r²/3)·exp(−√5 r).</summary>
    public static double Correlation(double r2)
    {
        var r = Math.Sqrt(r2);
        return (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>
    /// −∂k/∂(r²)·2 per unit signal variance: (5/3)(1 + √5 r)·exp(−√5 r). Multiplied by (Δ_j/ℓ_j)² it is
    /// ∂k/∂log ℓ_j, with no division by r (safe at r = 0).
    /// </summary>
    public static double LengthscaleFactor(double r2)
    {
        var r = Math.Sqrt(r2);
        return 5.0 / 3.0 * (1 + Sqrt5 * r) * Math.Exp(-Sqrt5 * r);
    }
}

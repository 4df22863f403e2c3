namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Maps a fidelity onto the multi-fidelity kernel's z ∈ [0, 1]: log-linear between the cheapest rung (0) and the
/// target (1), since proxy scales grow geometrically (1M, 60M, 1B parameters).
/// </summary>
public sealed record FidelityScale(double Lowest, double Target)
{
    public double ToZ(double fidelity)
    {
        if (Target <= Lowest) return 1.0;
        return Math.Clamp((Math.Log(fidelity) - Math.Log(Lowest)) / (Math.Log(Target) - Math.Log(Lowest)), 0, 1);
    }
}

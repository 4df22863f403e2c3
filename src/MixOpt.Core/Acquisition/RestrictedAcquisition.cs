using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Acquisition;

/// <summary>
/// An acquisition limited to a finite set of mixtures: any other mixture scores −∞. mfbo uses it to check cheap
/// rungs' claims at the target: its target runs then pair with cheap runs of the same mixture, the most direct
/// evidence of how far the cheap rung ranks like the target.
/// </summary>
public sealed class RestrictedAcquisition(IAcquisition inner, IReadOnlyList<Mixture> allowed) : IAcquisition
{
    public IReadOnlyList<Mixture> Allowed => allowed;

    public IReadOnlyList<double> Fidelities => inner.Fidelities;

    public (double Value, double Fidelity) Score(double[] mixture)
    {
        var m = Mixture.Normalize(mixture);
        foreach (var a in allowed)
            if (a.Equals(m)) return inner.Score(mixture);
        return (double.NegativeInfinity, inner.Fidelities[0]);
    }
}

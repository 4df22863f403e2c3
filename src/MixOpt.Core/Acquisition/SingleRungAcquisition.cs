namespace MixOpt.Core.Acquisition;

/// <summary>
/// An acquisition at one rung from the posterior's mean and standard deviation there (log EI, UCB): what
/// single-fidelity BO maximizes.
/// </summary>
public sealed class SingleRungAcquisition(BelievedPosterior posterior, double fidelity, Func<double, double, double> value) : IAcquisition
{
    /// <summary>Log expected improvement over <paramref name="best"/> in the objective's direction.</summary>
    public static SingleRungAcquisition LogExpectedImprovement(BelievedPosterior posterior, double fidelity, double best, bool minimize) =>
        new(posterior, fidelity, (mean, std) => Acquisition.LogExpectedImprovement.Value(mean, std, best, minimize));

    /// <summary>Upper confidence bound in the objective's direction.</summary>
    public static SingleRungAcquisition UpperConfidenceBound(BelievedPosterior posterior, double fidelity, bool minimize) =>
        new(posterior, fidelity, (mean, std) => Acquisition.UpperConfidenceBound.Value(mean, std, minimize));

    public IReadOnlyList<double> Fidelities { get; } = [fidelity];

    public (double Value, double Fidelity) Score(double[] mixture)
    {
        var (mean, variance) = posterior.Predict(mixture, fidelity);
        return (value(mean, Math.Sqrt(variance)), fidelity);
    }
}

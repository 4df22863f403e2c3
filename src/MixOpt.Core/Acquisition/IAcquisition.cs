namespace MixOpt.Core.Acquisition;

/// <summary>
/// An acquisition function, built from a fitted model whose pending runs were conditioned on once
/// (<see cref="BelievedPosterior"/>): how much a run of a mixture is worth, at the best rung it may run at.
/// Strategies only choose which acquisition to build; the batch loop and the search over mixtures are shared.
/// </summary>
public interface IAcquisition
{
    /// <summary>The value of running <paramref name="mixture"/> (higher is better) and the rung that value is for.</summary>
    (double Value, double Fidelity) Score(double[] mixture);

    /// <summary>The rungs <see cref="Score"/> chooses between.</summary>
    IReadOnlyList<double> Fidelities { get; }
}

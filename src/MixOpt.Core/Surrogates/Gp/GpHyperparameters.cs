namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// A Gaussian process's fitted hyperparameters: kernel parameters (log space) and the standardized noise variance.
/// <see cref="LeaveOneOutR2"/> is 1 − the leave-one-out MSE over the standardized targets it was fitted on (null when
/// not measured: MAP fits and fits on few rows); <see cref="Replaced"/> says the likelihood's own optimum was
/// rejected as degenerate and this is the fit that replaced it.
/// </summary>
public sealed record GpHyperparameters(double[] Parameters, double Noise)
{
    public double? LeaveOneOutR2 { get; init; }

    public bool Replaced { get; init; }
}

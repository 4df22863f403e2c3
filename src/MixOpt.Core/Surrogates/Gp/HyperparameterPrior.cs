namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// An independent Gaussian prior on each log-hyperparameter (kernel parameters, then log noise), which turns the
/// marginal-likelihood fit into a MAP fit. With fewer rows than inputs the likelihood alone is flat or degenerate
/// along most lengthscales (and, for a multi-fidelity kernel, along the split between the shared signal and the
/// discrepancy): the prior keeps those directions at sensible values until the data says otherwise.
/// </summary>
public sealed class HyperparameterPrior(double[] means, double[] stdDevs)
{
    public IReadOnlyList<double> Means { get; } = means;

    public IReadOnlyList<double> StdDevs { get; } = stdDevs;

    /// <summary>
    /// Centred on the kernel's own starting point (its notion of a sensible default) with
    /// <paramref name="spread"/> natural-log units either way for every kernel parameter, and on a noise of 1% of
    /// the standardized variance with a wider spread (noise levels differ far more between problems).
    /// </summary>
    public static HyperparameterPrior AroundDefaults(IGpKernel kernel, double spread = 1.0)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spread);
        double[] means = [.. kernel.InitialParameters(), Math.Log(0.01)];
        var stdDevs = Enumerable.Repeat(spread, kernel.ParameterCount).Append(2 * spread).ToArray();
        return new HyperparameterPrior(means, stdDevs);
    }

    /// <summary>−log prior (up to a constant) at θ, and adds its gradient to <paramref name="gradient"/>.</summary>
    public double Penalty(IReadOnlyList<double> theta, Span<double> gradient)
    {
        if (theta.Count != Means.Count) throw new ArgumentException($"The prior covers {Means.Count} hyperparameters; got {theta.Count}.");
        var value = 0.0;
        for (var j = 0; j < theta.Count; j++)
        {
            var z = (theta[j] - Means[j]) / StdDevs[j];
            value += 0.5 * z * z;
            gradient[j] += z / StdDevs[j];
        }
        return value;
    }
}

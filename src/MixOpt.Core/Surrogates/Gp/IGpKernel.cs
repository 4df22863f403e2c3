namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// A covariance function with hyperparameters in log space (so the optimizer works unconstrained within bounds).
/// Inputs are rows of <see cref="InputWidth"/> values; the Gaussian process owns the noise term.
/// </summary>
public interface IGpKernel
{
    int InputWidth { get; }

    int ParameterCount { get; }

    IReadOnlyList<double> LowerBounds { get; }

    IReadOnlyList<double> UpperBounds { get; }

    /// <summary>A reasonable starting point for the hyperparameter search.</summary>
    double[] InitialParameters();

    /// <summary>
    /// A start for a smooth model (long lengthscales, some noise): where a fit that collapsed or interpolated its
    /// rows is restarted from (<see cref="GaussianProcessFitter"/>). Default: <see cref="InitialParameters"/>.
    /// </summary>
    double[] SmoothParameters() => InitialParameters();

    /// <summary>A seeded random start within the bounds, for restarts.</summary>
    double[] RandomParameters(Random random);

    /// <summary>The kernel at fixed hyperparameters, ready to evaluate.</summary>
    IBoundKernel Bind(IReadOnlyList<double> parameters);

    /// <summary>
    /// Adds <c>½ Σ_ab W_ab ∂K_ab/∂θ_j</c> to <paramref name="gradient"/> for every hyperparameter j, where K is the
    /// Gram matrix of the <paramref name="rows"/> rows of <paramref name="x"/> (row-major) and W is symmetric
    /// (row-major n×n). This is the gradient of the log marginal likelihood when W = ααᵀ − K⁻¹.
    /// </summary>
    void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> parameters, ReadOnlySpan<double> w, Span<double> gradient);
}

/// <summary>A kernel with its hyperparameters fixed.</summary>
public interface IBoundKernel
{
    double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    /// <summary>k(a, a).</summary>
    double Variance(ReadOnlySpan<double> a);

    /// <summary>Writes k(a, x_i) for each of the rows of <paramref name="x"/> into <paramref name="output"/>.</summary>
    void Row(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> output);
}

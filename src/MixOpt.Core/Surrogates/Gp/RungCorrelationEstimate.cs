using MathNet.Numerics.LinearAlgebra;

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// The uncertainty of a fitted <see cref="RungCoregionalizationKernel"/>'s rung correlations: a Laplace
/// approximation of the posterior over its trust parameters (log λ and the gap deviations), from the curvature of
/// the negative log posterior at the fitted point (central differences of its analytic gradient, the other
/// hyperparameters held at their fit, so the interval is conditional on them), carried to each rung's correlation
/// with the target by the delta method on log(−log ρ), where the approximation is close to normal.
/// Few target runs give a flat curvature and a wide interval; many runs at both rungs a narrow one.
/// </summary>
public static class RungCorrelationEstimate
{
    private const double Step = 1e-3;

    /// <param name="parameters">Fitted kernel parameters (log space).</param>
    /// <param name="noise">Fitted noise variance (standardized scale).</param>
    /// <param name="x">The rows the fit used (row-major, kernel inputs).</param>
    /// <param name="y">Their standardized targets.</param>
    /// <param name="prior">The prior of the MAP fit, or null for a likelihood fit.</param>
    /// <param name="fidelities">The ladder's fidelity values, cheapest first (for the report).</param>
    public static IReadOnlyList<RungTrust> Estimate(RungCoregionalizationKernel kernel, IReadOnlyList<double> parameters, double noise,
        double[] x, double[] y, HyperparameterPrior? prior, IReadOnlyList<double> fidelities)
    {
        var theta = parameters.Append(Math.Log(noise)).ToArray();
        var first = kernel.RateIndex;
        var count = kernel.Rungs; // log λ and m − 1 deviations
        var n = y.Length;
        var hessian = Matrix<double>.Build.Dense(count, count);
        for (var a = 0; a < count; a++)
        {
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[first + a] += Step;
            down[first + a] -= Step;
            var gUp = GaussianProcessFitter.NegativeLogPosterior(kernel, prior, up, x, y).Gradient;
            var gDown = GaussianProcessFitter.NegativeLogPosterior(kernel, prior, down, x, y).Gradient;
            // The objective is per point: × n gives the curvature of the full negative log posterior.
            for (var b = 0; b < count; b++) hessian[a, b] = n * (gUp[first + b] - gDown[first + b]) / (2 * Step);
        }
        hessian = (hessian + hessian.Transpose()) / 2;
        var covariance = Invert(hessian);

        var gaps = kernel.Gaps(parameters);
        var target = kernel.Rungs - 1;
        var result = new List<RungTrust>(target);
        for (var rung = 0; rung < target; rung++)
        {
            // L = log Σ_{k ≥ rung} g_k = log λ + log Σ Δz_k e^{δ_k}: ∂L/∂log λ = 1, ∂L/∂δ_k = g_k / Σ g.
            var total = 0.0;
            for (var k = rung; k < target; k++) total += gaps[k];
            var gradient = Vector<double>.Build.Dense(count);
            gradient[0] = 1;
            for (var k = rung; k < target; k++) gradient[1 + k] = gaps[k] / total;
            var variance = Math.Max(0, gradient.DotProduct(covariance * gradient));
            var sd = Math.Sqrt(variance);
            var logTotal = Math.Log(total);
            var rho = Math.Exp(-total);
            result.Add(new RungTrust(rung, fidelities[rung], rho, rho * total * sd,
                Math.Exp(-Math.Exp(logTotal + 1.96 * sd)), Math.Exp(-Math.Exp(logTotal - 1.96 * sd))));
        }
        return result;
    }

    /// <summary>The inverse of a curvature matrix; directions with no curvature (at a bound, or unidentified) get a wide variance.</summary>
    private static Matrix<double> Invert(Matrix<double> hessian)
    {
        var evd = hessian.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => 1 / Math.Max(v.Real, 1e-2)).ToArray();
        return evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalArray(values) * evd.EigenVectors.Transpose();
    }
}

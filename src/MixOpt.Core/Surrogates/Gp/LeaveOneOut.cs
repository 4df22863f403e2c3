using MathNet.Numerics.LinearAlgebra;

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Leave-one-out prediction of a GP at fixed hyperparameters, in closed form: the residual of row i predicted from
/// the others is α_i / [(K + σ²I)⁻¹]_ii. It is how a fit is checked without refitting: a model that has collapsed
/// to a constant, or that interpolates its rows with lengthscales far below their spacing, has a leave-one-out R²
/// near or below 0 however high its likelihood.
/// </summary>
public static class LeaveOneOut
{
    /// <summary>1 − mean squared LOO residual / variance of <paramref name="y"/> (standardized targets); −∞ when the matrix cannot be factorized.</summary>
    public static double R2(IGpKernel kernel, IReadOnlyList<double> parameters, double noise, double[] x, double[] y)
    {
        var n = y.Length;
        var gram = GaussianProcess.Gram(kernel.Bind(parameters), x, n, kernel.InputWidth);
        var matrix = Matrix<double>.Build.Dense(n, n, gram);
        for (var i = 0; i < n; i++) matrix[i, i] += noise + 1e-8;
        var cholesky = GaussianProcess.TryCholesky(matrix);
        if (cholesky is null) return double.NegativeInfinity;
        var alpha = cholesky.Solve(Vector<double>.Build.Dense(y));
        var inverse = cholesky.Solve(Matrix<double>.Build.DenseIdentity(n));
        var mean = y.Average();
        double squared = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            var residual = alpha[i] / inverse[i, i];
            squared += residual * residual;
            variance += (y[i] - mean) * (y[i] - mean);
        }
        return variance > 0 ? 1 - squared / variance : double.NegativeInfinity;
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// Ridge regression on centred inputs with its penalty chosen by exact leave-one-out error over a log grid
/// (10^-8 … 10^2 times the mean of the Gram matrix's diagonal, so the grid follows the inputs' scale). Shared by the
/// linear surrogates that differ only in what they regress (<see cref="RidgeSurrogate"/> the targets,
/// <see cref="LogLinearSurrogate"/> their logarithms).
/// </summary>
public static class RidgePenaltySearch
{
    /// <summary>The best fit: its penalty, coefficients, the inverse of the penalized Gram matrix and the residual variance.</summary>
    public sealed record Fit(double Lambda, Vector<double> Beta, Matrix<double> Inverse, double Sigma2);

    /// <param name="x">Centred inputs, one row per observation.</param>
    /// <param name="y">Centred responses.</param>
    /// <param name="owner">The surrogate's name, for the error when no penalty gives a finite fit.</param>
    public static Fit Run(Matrix<double> x, Vector<double> y, string owner)
    {
        var n = x.RowCount;
        var p = x.ColumnCount;
        var gram = x.TransposeThisAndMultiply(x);
        var xty = x.TransposeThisAndMultiply(y);
        var scale = Math.Max(gram.Diagonal().Average(), 1e-12);

        (double Loo, double Lambda, Vector<double> Beta, Matrix<double> Inverse)? best = null;
        for (var e = -8.0; e <= 2.0; e += 0.5)
        {
            var lambda = scale * Math.Pow(10, e);
            var inverse = (gram + lambda * Matrix<double>.Build.DenseIdentity(p)).Inverse();
            var beta = inverse * xty;
            var residual = y - x * beta;
            var loo = 0.0;
            for (var i = 0; i < n; i++)
            {
                // Leverage of a centred design includes the intercept's 1/n.
                var row = x.Row(i);
                var leverage = row * inverse * row + 1.0 / n;
                loo += Math.Pow(residual[i] / Math.Max(1 - leverage, 1e-6), 2);
            }
            if (double.IsFinite(loo) && (best is null || loo < best.Value.Loo)) best = (loo, lambda, beta, inverse);
        }
        var (_, l, b, inv) = best ?? throw new InvalidOperationException($"{owner}: no penalty gave a finite fit.");
        var fitted = y - x * b;
        return new Fit(l, b, inv, fitted.DotProduct(fitted) / Math.Max(1, n - p - 1));
    }
}

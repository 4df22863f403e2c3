using MathNet.Numerics.LinearAlgebra;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// Linear regression with an L2 penalty (RegMix's linear model). The penalty is chosen by exact leave-one-out
/// error over a log-spaced grid; uncertainty is the Bayesian linear model's predictive standard deviation
/// <c>σ·sqrt(1 + 1/n + xᵀ(XᵀX + λI)⁻¹x)</c> on centred inputs.
/// </summary>
public sealed class RidgeSurrogate : ISurrogate
{
    public const string SurrogateName = "ridge";

    public string Name => SurrogateName;

    public IFittedSurrogate Fit(SurrogateData data, int seed)
    {
        SurrogateDataChecks.Validate(data, Name);
        var fidelity = FidelityFeature.From(data);
        var n = data.Count;
        var p = fidelity.Width(data.Domains);
        var raw = fidelity.Features(data);
        var xMean = new double[p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++) xMean[j] += raw[i * p + j] / n;
        var x = Matrix<double>.Build.Dense(n, p, (i, j) => raw[i * p + j] - xMean[j]);
        var yMean = data.Targets.Average();
        var y = Vector<double>.Build.Dense(n, i => data.Targets[i] - yMean);
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
                var row = x.Row(i);
                var leverage = row * inverse * row + 1.0 / n;
                loo += Math.Pow(residual[i] / Math.Max(1 - leverage, 1e-6), 2);
            }
            if (double.IsFinite(loo) && (best is null || loo < best.Value.Loo)) best = (loo, lambda, beta, inverse);
        }
        var (_, _, b, inv) = best ?? throw new InvalidOperationException("ridge: no penalty gave a finite fit.");
        var fitted = y - x * b;
        var dof = Math.Max(1, n - p - 1);
        var sigma2 = fitted.DotProduct(fitted) / dof;
        return new FittedRidge(data.Domains, fidelity, xMean, yMean, b.ToArray(), inv.ToArray(), sigma2, n, PredictionBounds.From(data.Targets));
    }

    private sealed class FittedRidge(int domains, FidelityFeature fidelity, double[] xMean, double yMean, double[] beta, double[,] inverse, double sigma2, int n,
        PredictionBounds bounds)
        : IFittedSurrogate
    {
        public string Name => SurrogateName;

        public void Predict(ReadOnlySpan<double> mixtures, double f, Span<double> mean, Span<double> stdDev)
        {
            var rows = SurrogateDataChecks.CheckPredict(mixtures, domains, f, mean, stdDev);
            var p = beta.Length;
            Span<double> z = stackalloc double[p];
            for (var r = 0; r < rows; r++)
            {
                var row = mixtures.Slice(r * domains, domains);
                for (var j = 0; j < domains; j++) z[j] = row[j] - xMean[j];
                if (fidelity.Used) z[domains] = fidelity.Value(f) - xMean[domains];
                var m = yMean;
                for (var j = 0; j < p; j++) m += beta[j] * z[j];
                mean[r] = bounds.Clamp(m);
                if (stdDev.Length == 0) continue;
                var q = 0.0;
                for (var a = 0; a < p; a++)
                {
                    var s = 0.0;
                    for (var c = 0; c < p; c++) s += inverse[a, c] * z[c];
                    q += z[a] * s;
                }
                stdDev[r] = Math.Sqrt(sigma2 * (1 + 1.0 / n + q));
            }
        }
    }
}

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
        var (_, b, inv, sigma2) = RidgePenaltySearch.Run(x, y, SurrogateName);
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

using MathNet.Numerics.LinearAlgebra;
using MixOpt.Core.Optimization;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// The data mixing law of Ye et al. (2024): <c>L(r) = c + k·exp(Σ_j t_j r_j)</c> (plus <c>t_f·log f</c> when the data
/// spans fidelities). Fitted on standardized targets by a Huber loss, which shrugs off the odd diverged run, from
/// several seeded starts of both signs of k. Uncertainty comes from the delta method: the parameter covariance
/// <c>σ²(JᵀJ)⁻¹</c> pushed through the model's gradient, plus the residual noise.
/// </summary>
public sealed class MixingLawSurrogate : ISurrogate
{
    public const string SurrogateName = "mixing-law";

    /// <summary>Huber threshold in standard deviations of the targets.</summary>
    public double HuberDelta { get; init; } = 1.0;

    /// <summary>Seeded starts per sign of k.</summary>
    public int Starts { get; init; } = 3;

    public string Name => SurrogateName;

    public IFittedSurrogate Fit(SurrogateData data, int seed)
    {
        SurrogateDataChecks.Validate(data, Name);
        var fidelity = FidelityFeature.From(data);
        var n = data.Count;
        var p = fidelity.Width(data.Domains);
        var x = fidelity.Features(data);
        var standardizer = Standardizer.Fit(data.Targets);
        var y = standardizer.ToAll(data.Targets);
        var random = new Random(seed);

        (double[] Theta, double Value, double Sign) best = ([], double.PositiveInfinity, 1);
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            for (var s = 0; s < Starts; s++)
            {
                var theta = new double[p + 2];
                theta[0] = sign > 0 ? y.Min() - 0.5 : y.Max() + 0.5;
                theta[1] = 0;
                for (var j = 0; j < p; j++) theta[2 + j] = s == 0 ? 0 : 2 * (random.NextDouble() * 2 - 1);
                var (point, value) = GradientMinimizer.Minimize(t => Loss(t, sign, x, y, p), theta, maxIterations: 400);
                if (value < best.Value) best = (point, value, sign);
            }
        }

        // Delta-method covariance from the Jacobian at the optimum.
        var jacobian = Matrix<double>.Build.Dense(n, p + 2);
        var rss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var e = Exp(best.Theta, x.AsSpan(i * p, p));
            rss += Math.Pow(best.Theta[0] + best.Sign * e - y[i], 2);
            jacobian[i, 0] = 1;
            jacobian[i, 1] = best.Sign * e;
            for (var j = 0; j < p; j++) jacobian[i, 2 + j] = best.Sign * e * x[i * p + j];
        }
        var sigma2 = rss / Math.Max(1, n - p - 2);
        var information = jacobian.TransposeThisAndMultiply(jacobian) + 1e-8 * Matrix<double>.Build.DenseIdentity(p + 2);
        var covariance = (sigma2 * information.Inverse()).ToArray();
        return new FittedMixingLaw(data.Domains, fidelity, standardizer, best.Theta, best.Sign, covariance, sigma2, PredictionBounds.From(data.Targets))
        {
            Untrusted = Distrust(n, p, best.Theta, best.Sign, standardizer, fidelity, data),
        };
    }

    /// <summary>Fewer than this many runs per fitted parameter and the fit says it cannot be trusted.</summary>
    public const double MinRowsPerParameter = 2.0;

    /// <summary>
    /// Why a fit cannot be trusted, or null: too few runs for its parameters (it interpolates them, and its exponential
    /// form then extrapolates wildly: the demo study's 12 runs gave a cross-validated MSE of 6,350), or a fitted law
    /// whose value at some pure-domain mixture lies more than 10 standard deviations from the data.
    /// </summary>
    private static string? Distrust(int n, int p, double[] theta, double sign, Standardizer standardizer, FidelityFeature fidelity, SurrogateData data)
    {
        var parameters = p + 2;
        if (n < MinRowsPerParameter * parameters)
            return $"{n} runs for {parameters} parameters: fewer than {MinRowsPerParameter:0} per parameter";
        Span<double> z = stackalloc double[p];
        for (var v = 0; v < data.Domains; v++)
        {
            z.Clear();
            z[v] = 1;
            if (fidelity.Used) z[data.Domains] = fidelity.Value(data.Fidelities.Max());
            var standardized = theta[0] + sign * Exp(theta, z);
            if (Math.Abs(standardized) > 10)
                return $"extrapolates to {standardizer.From(standardized).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} at a pure-domain mixture, {Math.Abs(standardized):0} standard deviations from the data";
        }
        return null;
    }

    private (double, double[]) Loss(double[] theta, double sign, double[] x, double[] y, int p)
    {
        const double ridge = 1e-4;
        var n = y.Length;
        var gradient = new double[theta.Length];
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var e = Exp(theta, x.AsSpan(i * p, p));
            var r = theta[0] + sign * e - y[i];
            var abs = Math.Abs(r);
            loss += abs <= HuberDelta ? 0.5 * r * r : HuberDelta * (abs - 0.5 * HuberDelta);
            var psi = Math.Clamp(r, -HuberDelta, HuberDelta) / n;
            gradient[0] += psi;
            gradient[1] += psi * sign * e;
            for (var j = 0; j < p; j++) gradient[2 + j] += psi * sign * e * x[i * p + j];
        }
        loss /= n;
        for (var j = 0; j < p; j++)
        {
            loss += 0.5 * ridge * theta[2 + j] * theta[2 + j];
            gradient[2 + j] += ridge * theta[2 + j];
        }
        return (loss, gradient);
    }

    private static double Exp(double[] theta, ReadOnlySpan<double> features)
    {
        var s = theta[1];
        for (var j = 0; j < features.Length; j++) s += theta[2 + j] * features[j];
        // A clamp keeps wild optimizer steps finite; fitted models live far inside it.
        return Math.Exp(Math.Clamp(s, -60, 60));
    }

    private sealed class FittedMixingLaw(int domains, FidelityFeature fidelity, Standardizer standardizer, double[] theta, double sign, double[,] covariance, double sigma2,
        PredictionBounds bounds)
        : IFittedSurrogate, ITrustedFit
    {
        public string Name => SurrogateName;

        public string? Untrusted { get; init; }

        public void Predict(ReadOnlySpan<double> mixtures, double f, Span<double> mean, Span<double> stdDev)
        {
            var rows = SurrogateDataChecks.CheckPredict(mixtures, domains, f, mean, stdDev);
            var p = fidelity.Width(domains);
            Span<double> z = stackalloc double[p];
            Span<double> g = stackalloc double[p + 2];
            for (var r = 0; r < rows; r++)
            {
                mixtures.Slice(r * domains, domains).CopyTo(z);
                if (fidelity.Used) z[domains] = fidelity.Value(f);
                var e = Exp(theta, z);
                mean[r] = bounds.Clamp(standardizer.From(theta[0] + sign * e));
                if (stdDev.Length == 0) continue;
                g[0] = 1;
                g[1] = sign * e;
                for (var j = 0; j < p; j++) g[2 + j] = sign * e * z[j];
                var q = 0.0;
                for (var a = 0; a < g.Length; a++)
                {
                    var s = 0.0;
                    for (var c = 0; c < g.Length; c++) s += covariance[a, c] * g[c];
                    q += g[a] * s;
                }
                stdDev[r] = standardizer.Scale * Math.Sqrt(Math.Max(0, q) + sigma2);
            }
        }
    }
}

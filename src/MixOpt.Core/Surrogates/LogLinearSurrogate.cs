using MathNet.Numerics.LinearAlgebra;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// Olmix's log-linear law: <c>log(y − s) = a + b·x</c> (plus <c>c·log f</c> when the data spans fidelities), fitted by
/// ridge-regularized least squares on centred inputs, the penalty chosen by exact leave-one-out error over a log-spaced
/// grid (as <see cref="RidgeSurrogate"/> does, but in log space). The shift <c>s</c> is 0 when every target is positive
/// (losses, the usual case: the law is then <c>y = exp(a + b·x)</c>); otherwise it is the smallest target minus the
/// targets' range, so that the logarithm is defined. The surrogate does not know the objective's direction: it
/// models the values it is given. The <c>olmix</c> strategy hands it losses (a maximized objective negated), so the
/// law it optimizes is always a loss.
/// Uncertainty: the log-space predictive standard deviation <c>σ·sqrt(1 + 1/n + zᵀ(ZᵀZ + αI)⁻¹z)</c> pushed through
/// the exponential by the delta method (<c>(ŷ − s)·σ_log</c>).
/// </summary>
public sealed class LogLinearSurrogate : ISurrogate
{
    public const string SurrogateName = "log-linear";

    public string Name => SurrogateName;

    public IFittedSurrogate Fit(SurrogateData data, int seed) => FitLaw(data);

    /// <summary>Fits the law and returns it with its coefficients exposed (the <c>olmix</c> strategy optimizes them).</summary>
    public static FittedLogLinear FitLaw(SurrogateData data)
    {
        SurrogateDataChecks.Validate(data, SurrogateName);
        var fidelity = FidelityFeature.From(data);
        var n = data.Count;
        var p = fidelity.Width(data.Domains);
        var raw = fidelity.Features(data);
        var min = data.Targets.Min();
        var range = data.Targets.Max() - min;
        var shift = min > 0 ? 0.0 : min - Math.Max(range, 1e-12);
        var logs = data.Targets.Select(t => Math.Log(t - shift)).ToArray();

        var xMean = new double[p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++) xMean[j] += raw[i * p + j] / n;
        var x = Matrix<double>.Build.Dense(n, p, (i, j) => raw[i * p + j] - xMean[j]);
        var yMean = logs.Average();
        var y = Vector<double>.Build.Dense(n, i => logs[i] - yMean);
        var (_, b, inv, sigma2) = RidgePenaltySearch.Run(x, y, SurrogateName);
        var slopes = b.ToArray();
        // Back from centred inputs: a = ȳ − Σ b_j x̄_j, so that log(y − s) = a + b·x on raw inputs.
        var intercept = yMean;
        for (var j = 0; j < p; j++) intercept -= slopes[j] * xMean[j];
        return new FittedLogLinear(data.Domains, fidelity, xMean, intercept, slopes, shift, inv.ToArray(), sigma2, n, PredictionBounds.From(data.Targets));
    }
}

/// <summary>
/// A fitted log-linear law <c>y = s + exp(a + b·x + c·log f)</c>. <see cref="Intercept"/> and <see cref="Slopes"/>
/// are on raw (uncentred) inputs, the fidelity slope (when fitted) last.
/// </summary>
public sealed class FittedLogLinear : IFittedSurrogate
{
    private readonly int _domains;
    private readonly FidelityFeature _fidelity;
    private readonly double[] _xMean;
    private readonly double[,] _inverse;
    private readonly double _sigma2;
    private readonly int _n;
    private readonly PredictionBounds _bounds;

    internal FittedLogLinear(int domains, FidelityFeature fidelity, double[] xMean, double intercept, double[] slopes, double shift, double[,] inverse,
        double sigma2, int n, PredictionBounds bounds)
    {
        _domains = domains;
        _fidelity = fidelity;
        _xMean = xMean;
        Intercept = intercept;
        Slopes = slopes;
        Shift = shift;
        _inverse = inverse;
        _sigma2 = sigma2;
        _n = n;
        _bounds = bounds;
    }

    public string Name => LogLinearSurrogate.SurrogateName;

    /// <summary>a of <c>log(y − s) = a + b·x</c>.</summary>
    public double Intercept { get; }

    /// <summary>b (one per domain, then the log-fidelity slope when the data spans fidelities).</summary>
    public IReadOnlyList<double> Slopes { get; }

    /// <summary>s: 0 for positive targets.</summary>
    public double Shift { get; }

    /// <summary>The residual standard deviation in log space.</summary>
    public double LogSigma => Math.Sqrt(_sigma2);

    /// <summary>The law's exponent <c>a + b·x (+ c·log f)</c> at one mixture: what the <c>olmix</c> program exponentiates.</summary>
    public double Exponent(ReadOnlySpan<double> mixture, double fidelity)
    {
        var s = Intercept;
        for (var j = 0; j < _domains; j++) s += Slopes[j] * mixture[j];
        if (_fidelity.Used) s += Slopes[_domains] * _fidelity.Value(fidelity);
        return s;
    }

    /// <summary>The per-domain slopes plus the fidelity term folded into an intercept: <c>log(y − s) = a_f + b·x</c> at <paramref name="fidelity"/>.</summary>
    public (double Intercept, double[] Slopes) AtFidelity(double fidelity)
    {
        var a = Intercept + (_fidelity.Used ? Slopes[_domains] * _fidelity.Value(fidelity) : 0);
        return (a, Slopes.Take(_domains).ToArray());
    }

    public void Predict(ReadOnlySpan<double> mixtures, double fidelity, Span<double> mean, Span<double> stdDev)
    {
        var rows = SurrogateDataChecks.CheckPredict(mixtures, _domains, fidelity, mean, stdDev);
        var p = Slopes.Count;
        Span<double> z = stackalloc double[p];
        for (var r = 0; r < rows; r++)
        {
            var row = mixtures.Slice(r * _domains, _domains);
            // Clamped so that a wild extrapolation stays finite; the bounds then clamp the value itself.
            var exp = Math.Exp(Math.Clamp(Exponent(row, fidelity), -700, 700));
            mean[r] = _bounds.Clamp(Shift + exp);
            if (stdDev.Length == 0) continue;
            for (var j = 0; j < _domains; j++) z[j] = row[j] - _xMean[j];
            if (_fidelity.Used) z[_domains] = _fidelity.Value(fidelity) - _xMean[_domains];
            var q = 0.0;
            for (var a = 0; a < p; a++)
            {
                var s = 0.0;
                for (var c = 0; c < p; c++) s += _inverse[a, c] * z[c];
                q += z[a] * s;
            }
            stdDev[r] = Math.Min(exp, double.MaxValue) * Math.Sqrt(_sigma2 * (1 + 1.0 / _n + q));
        }
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// A Gaussian-process posterior at fixed hyperparameters: the Cholesky factor of K + σ²I over the observed inputs
/// and the weights α = (K + σ²I)⁻¹y on standardized targets. Immutable; <see cref="WithObservations"/> returns a
/// new posterior with extra (e.g. fantasized) observations by extending the factor, which is how pending runs are
/// conditioned on without refitting.
/// </summary>
public sealed class GaussianProcess
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _factor; // row-major lower triangle of the Cholesky factor
    private readonly double[] _alpha;

    private GaussianProcess(IGpKernel kernel, double[] parameters, double noise, double[] x, double[] y, double[] factor, Standardizer standardizer)
    {
        Kernel = kernel;
        Parameters = parameters;
        Noise = noise;
        Bound = kernel.Bind(parameters);
        _x = x;
        _y = y;
        _factor = factor;
        Standardizer = standardizer;
        _alpha = SolveTransposed(Solve(y));
    }

    public IGpKernel Kernel { get; }

    /// <summary>Kernel hyperparameters (log space).</summary>
    public IReadOnlyList<double> Parameters { get; }

    /// <summary>Observation noise variance on the standardized scale.</summary>
    public double Noise { get; }

    public IBoundKernel Bound { get; }

    public Standardizer Standardizer { get; }

    public int Count => _y.Length;

    public int InputWidth => Kernel.InputWidth;

    /// <summary>Observed inputs, row-major.</summary>
    public ReadOnlySpan<double> Inputs => _x;

    /// <summary>
    /// Conditions the prior on (<paramref name="x"/>, <paramref name="y"/>) (raw targets, standardized with
    /// <paramref name="standardizer"/>). Adds growing jitter until the factorization succeeds, so duplicate inputs
    /// or a zero noise never produce NaN.
    /// </summary>
    public static GaussianProcess Condition(IGpKernel kernel, IReadOnlyList<double> parameters, double noise, double[] x, IReadOnlyList<double> y, Standardizer standardizer)
    {
        var n = y.Count;
        var standardized = y.Select(standardizer.To).ToArray();
        var gram = Gram(kernel.Bind(parameters), x, n, kernel.InputWidth);
        for (var jitter = 1e-8; ; jitter *= 10)
        {
            var matrix = Matrix<double>.Build.Dense(n, n, gram);
            for (var i = 0; i < n; i++) matrix[i, i] += noise + jitter;
            var cholesky = TryCholesky(matrix);
            if (cholesky is not null)
            {
                var lower = cholesky.Factor;
                var factor = new double[n * n];
                for (var i = 0; i < n; i++)
                    for (var j = 0; j <= i; j++) factor[i * n + j] = lower[i, j];
                return new GaussianProcess(kernel, parameters.ToArray(), noise + jitter, x, standardized, factor, standardizer);
            }
            if (jitter > 1) throw new InvalidOperationException("Gaussian process: the covariance matrix could not be factorized even with a large jitter.");
        }
    }

    /// <summary>The Gram matrix (column-major = row-major, it is symmetric) of the rows of <paramref name="x"/>, without noise.</summary>
    public static double[] Gram(IBoundKernel kernel, ReadOnlySpan<double> x, int rows, int width)
    {
        var gram = new double[rows * rows];
        for (var a = 0; a < rows; a++)
        {
            var xa = x.Slice(a * width, width);
            gram[a * rows + a] = kernel.Variance(xa);
            for (var b = a + 1; b < rows; b++)
            {
                var k = kernel.Evaluate(xa, x.Slice(b * width, width));
                gram[a * rows + b] = k;
                gram[b * rows + a] = k;
            }
        }
        return gram;
    }

    internal static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(Matrix<double> matrix)
    {
        try
        {
            var c = matrix.Cholesky();
            return double.IsFinite(c.DeterminantLn) ? c : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Posterior mean (raw units) and latent variance (raw units², without observation noise) at one input row.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> input)
    {
        var k = new double[Count];
        Bound.Row(input, _x, k);
        var mean = 0.0;
        for (var i = 0; i < k.Length; i++) mean += k[i] * _alpha[i];
        var v = Solve(k);
        var explained = 0.0;
        foreach (var value in v) explained += value * value;
        var variance = Math.Max(Bound.Variance(input) - explained, 1e-12);
        return (Standardizer.From(mean), variance * Standardizer.Scale * Standardizer.Scale);
    }

    /// <summary>
    /// Standardized-scale posterior at one input: mean, latent variance, and the whitened cross-covariance
    /// v = L⁻¹k(x, X), which gives posterior covariances between inputs as k(a, b) − v_a·v_b.
    /// </summary>
    public (double Mean, double Variance, double[] Whitened) PredictStandardized(ReadOnlySpan<double> input)
    {
        var k = new double[Count];
        Bound.Row(input, _x, k);
        var mean = 0.0;
        for (var i = 0; i < k.Length; i++) mean += k[i] * _alpha[i];
        var v = Solve(k);
        var explained = VectorMath.Dot(v, v);
        return (mean, Math.Max(Bound.Variance(input) - explained, 1e-12), v);
    }

    /// <summary>Posterior covariance (standardized scale) of two inputs given their whitened vectors.</summary>
    public double PosteriorCovariance(ReadOnlySpan<double> a, ReadOnlySpan<double> va, ReadOnlySpan<double> b, ReadOnlySpan<double> vb)
    {
        return Bound.Evaluate(a, b) - VectorMath.Dot(va, vb);
    }

    /// <summary>
    /// Predictions a surrogate reports for rows of encoded inputs: posterior means (raw units), and, when
    /// <paramref name="stdDev"/> is not empty, predictive standard deviations that include the observation noise.
    /// Means alone take the cheap path, so scoring a million candidates stays fast.
    /// </summary>
    public void PredictRows(double[] inputs, Span<double> mean, Span<double> stdDev)
    {
        if (stdDev.Length == 0)
        {
            PredictMeans(inputs, mean);
            return;
        }
        var width = InputWidth;
        var rows = inputs.Length / width;
        var noise = Noise * Standardizer.Scale * Standardizer.Scale;
        var meanOut = new double[rows];
        var stdOut = new double[rows];
        Parallel.For(0, rows, r =>
        {
            var (m, v) = Predict(inputs.AsSpan(r * width, width));
            meanOut[r] = m;
            stdOut[r] = Math.Sqrt(v + noise);
        });
        meanOut.CopyTo(mean);
        stdOut.CopyTo(stdDev);
    }

    /// <summary>Posterior means (raw units) of many rows, in parallel; no variances, so a million rows stay cheap.</summary>
    public void PredictMeans(ReadOnlySpan<double> inputs, Span<double> means)
    {
        var width = InputWidth;
        var rows = inputs.Length / width;
        var input = inputs.ToArray();
        var output = new double[rows];
        const int block = 1024;
        Parallel.For(0, (rows + block - 1) / block, b =>
        {
            var k = new double[Count];
            var end = Math.Min(rows, (b + 1) * block);
            for (var r = b * block; r < end; r++)
            {
                Bound.Row(input.AsSpan(r * width, width), _x, k);
                var mean = 0.0;
                for (var i = 0; i < k.Length; i++) mean += k[i] * _alpha[i];
                output[r] = Standardizer.From(mean);
            }
        });
        output.CopyTo(means);
    }

    /// <summary>
    /// The posterior after also observing <paramref name="y"/> (raw units) at <paramref name="x"/>, same
    /// hyperparameters. The Cholesky factor is extended row by row (O(n²) per row) instead of recomputed.
    /// <paramref name="noise"/> overrides the observation noise of the added rows: fantasies (kriging believer)
    /// use a tiny one, so the posterior collapses where a pending run will land and the next pick goes elsewhere.
    /// </summary>
    public GaussianProcess WithObservations(ReadOnlySpan<double> x, IReadOnlyList<double> y, double? noise = null)
    {
        var rowNoise = noise ?? Noise;
        var width = InputWidth;
        var added = y.Count;
        var n = Count;
        var m = n + added;
        var allX = new double[m * width];
        _x.CopyTo(allX, 0);
        x.CopyTo(allX.AsSpan(n * width));
        var allY = new double[m];
        _y.CopyTo(allY, 0);
        for (var i = 0; i < added; i++) allY[n + i] = Standardizer.To(y[i]);
        var factor = new double[m * m];
        for (var i = 0; i < n; i++) Array.Copy(_factor, i * n, factor, i * m, i + 1);
        var k = new double[m];
        for (var i = n; i < m; i++)
        {
            var xi = allX.AsSpan(i * width, width);
            Bound.Row(xi, allX.AsSpan(0, i * width), k.AsSpan(0, i));
            // Row i of the factor: forward-solve against the rows above it.
            var sum = 0.0;
            for (var j = 0; j < i; j++)
            {
                var s = k[j] - VectorMath.Dot(factor.AsSpan(i * m, j), factor.AsSpan(j * m, j));
                var value = s / factor[j * m + j];
                factor[i * m + j] = value;
                sum += value * value;
            }
            factor[i * m + i] = Math.Sqrt(Math.Max(Bound.Variance(xi) + rowNoise - sum, 1e-10));
        }
        return new GaussianProcess(Kernel, Parameters.ToArray(), Noise, allX, allY, factor, Standardizer);
    }

    /// <summary>Solves L v = b (forward substitution).</summary>
    private double[] Solve(IReadOnlyList<double> b)
    {
        var n = Count;
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = i * n;
            v[i] = (b[i] - VectorMath.Dot(_factor.AsSpan(row, i), v.AsSpan(0, i))) / _factor[row + i];
        }
        return v;
    }

    /// <summary>Solves Lᵀ a = v (back substitution).</summary>
    private double[] SolveTransposed(double[] v)
    {
        var n = Count;
        var a = (double[])v.Clone();
        for (var i = n - 1; i >= 0; i--)
        {
            a[i] /= _factor[i * n + i];
            for (var j = 0; j < i; j++) a[j] -= _factor[i * n + j] * a[i];
        }
        return a;
    }
}

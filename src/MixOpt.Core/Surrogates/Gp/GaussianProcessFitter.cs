using MathNet.Numerics.LinearAlgebra;
using MixOpt.Core.Optimization;
using MixOpt.Core.Randomness;

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Fits a Gaussian process's hyperparameters (kernel parameters and noise) by maximizing the log marginal
/// likelihood with its analytic gradient, using bounded BFGS from a default start plus seeded random restarts.
/// Above <see cref="MaxFitPoints"/> observations the hyperparameters are fitted on a seeded subset (the
/// likelihood's curvature is well determined long before n³ gets expensive) and the posterior uses every point.
/// </summary>
public sealed class GaussianProcessFitter
{
    private const double MinLogNoise = -13.8; // 1e-6 of the standardized variance
    private const double MaxLogNoise = 0.0;

    public int Restarts { get; init; } = 2;

    public int MaxIterations { get; init; } = 80;

    public int MaxFitPoints { get; init; } = 256;

    /// <summary>
    /// When set, hyperparameters are re-optimized only at the refit points of its schedule (on the data prefix up to
    /// the point) and reused in between; the posterior always conditions on every row. Null: fit on every call.
    /// </summary>
    public HyperparameterReuse? Reuse { get; init; }

    /// <summary>
    /// When set, hyperparameters maximize likelihood × prior (MAP) instead of the likelihood alone, which lets a
    /// GP be fitted on fewer rows than it has inputs. Built per kernel, since the prior's length depends on it, and
    /// given the inputs the hyperparameters are fitted on (every row, before any subset), so a prior may loosen
    /// where the data can identify what it pins down (<see cref="MultiFidelityKernel.Prior(int)"/>).
    /// </summary>
    public Func<IGpKernel, double[], HyperparameterPrior>? Prior { get; init; }

    /// <summary>
    /// With a <see cref="Prior"/>: rows with identical inputs (replicates) inform the noise hyperparameter
    /// (<see cref="ReplicateNoise"/>), their log-variance evidence multiplied into the prior's noise term, so the
    /// fit can neither interpolate noise the replicates show nor invent noise they rule out.
    /// </summary>
    public bool NoiseFromReplicates { get; init; }

    /// <summary>Fits and conditions on all rows; <paramref name="y"/> in raw units.</summary>
    public GaussianProcess Fit(IGpKernel kernel, double[] x, IReadOnlyList<double> y, int seed) => FitChecked(kernel, x, y, seed).Process;

    /// <summary><see cref="Fit"/>, also returning the hyperparameters with their leave-one-out check.</summary>
    public (GaussianProcess Process, GpHyperparameters Fit) FitChecked(IGpKernel kernel, double[] x, IReadOnlyList<double> y, int seed)
    {
        GpHyperparameters fit;
        if (Reuse is null) fit = FitHyperparameters(kernel, x, y, seed);
        else
        {
            var anchor = Reuse.Schedule.Anchor(y.Count);
            var width = kernel.InputWidth;
            var anchorSeed = SeedMixer.Mix(seed, anchor);
            fit = Reuse.GetOrFit(kernel, x[..(anchor * width)], y.Take(anchor).ToArray(), anchorSeed,
                (prefixX, prefixY) => FitHyperparameters(kernel, prefixX, prefixY, anchorSeed));
        }
        return (GaussianProcess.Condition(kernel, fit.Parameters, fit.Noise, x, y, Standardizer.Fit(y)), fit);
    }

    /// <summary>Maximizes the marginal likelihood of (<paramref name="x"/>, <paramref name="y"/>) over the kernel's hyperparameters and the noise.</summary>
    public GpHyperparameters FitHyperparameters(IGpKernel kernel, double[] x, IReadOnlyList<double> y, int seed)
    {
        var n = y.Count;
        var width = kernel.InputWidth;
        var standardizer = Standardizer.Fit(y);
        var random = new Random(seed);
        var subset = Enumerable.Range(0, n).ToArray();
        if (n > MaxFitPoints) subset = subset.OrderBy(_ => random.Next()).Take(MaxFitPoints).Order().ToArray();
        var fitX = subset.SelectMany(i => x.AsSpan(i * width, width).ToArray()).ToArray();
        var fitY = subset.Select(i => standardizer.To(y[i])).ToArray();

        var lower = kernel.LowerBounds.Append(MinLogNoise).ToArray();
        var upper = kernel.UpperBounds.Append(MaxLogNoise).ToArray();
        var prior = Prior?.Invoke(kernel, x);
        if (prior is not null && NoiseFromReplicates && ReplicateNoise.Estimate(x.AsSpan(0, n * width), width, y) is { } replicates)
            prior = WithNoiseEvidence(prior, replicates.LogNoiseEvidence(standardizer.Scale));
        var optima = new List<(double[] Point, double Value)>();
        (double[] Point, double Value) Optimize(double[] initial)
        {
            for (var j = 0; j < initial.Length; j++) initial[j] = Math.Clamp(initial[j], lower[j], upper[j]);
            var result = GradientMinimizer.Minimize(theta => NegativeLogPosterior(kernel, prior, theta, fitX, fitY), initial, lower, upper, MaxIterations);
            if (double.IsFinite(result.Value)) optima.Add(result);
            return result;
        }
        for (var start = 0; start <= Restarts; start++)
        {
            Optimize(start == 0
                ? [.. kernel.InitialParameters(), Math.Log(0.01)]
                : [.. kernel.RandomParameters(random), Math.Log(1e-4) + random.NextDouble() * (Math.Log(0.2) - Math.Log(1e-4))]);
        }
        var fallback = new GpHyperparameters([.. kernel.InitialParameters()], 0.01);
        // A MAP fit is held by its prior, and with few rows leave-one-out says little: check only plain likelihood fits.
        if (prior is not null || fitY.Length < MinCheckedRows)
            return optima.Count == 0 ? fallback : Hyperparameters(optima.MinBy(o => o.Value).Point);

        // The likelihood can peak at a degenerate model: lengthscales far below the data's spacing (it interpolates
        // its rows and predicts the mean everywhere else) or a near-constant fit. Both predict held-out rows no better
        // than the mean, so every optimum is checked by leave-one-out, the likelihood decides only among those that
        // predict about as well as the best, and when none predicts well the fit is restarted from a smooth model.
        var checkedOptima = optima.Select(o => (o.Point, o.Value, R2: R2(o.Point))).ToList();
        if (checkedOptima.Count == 0 || checkedOptima.Max(o => o.R2) < DegenerateR2)
        {
            var smooth = kernel.SmoothParameters();
            foreach (var noise in new[] { 0.1, 0.01 })
            {
                var result = Optimize([.. smooth, Math.Log(noise)]);
                if (double.IsFinite(result.Value)) checkedOptima.Add((result.Point, result.Value, R2(result.Point)));
            }
        }
        if (checkedOptima.Count == 0) return fallback;
        var likeliest = checkedOptima.MinBy(o => o.Value);
        var bestR2 = checkedOptima.Max(o => o.R2);
        var chosen = checkedOptima.Where(o => o.R2 >= bestR2 - R2Tolerance).MinBy(o => o.Value);
        return Hyperparameters(chosen.Point) with { LeaveOneOutR2 = chosen.R2, Replaced = !ReferenceEquals(chosen.Point, likeliest.Point) };

        double R2(double[] point) => LeaveOneOut.R2(kernel, point[..^1], Math.Exp(point[^1]), fitX, fitY);
        static GpHyperparameters Hyperparameters(double[] point) => new(point[..^1], Math.Exp(point[^1]));
    }

    /// <summary>The prior with its last (log noise) term multiplied by independent Gaussian evidence on it.</summary>
    private static HyperparameterPrior WithNoiseEvidence(HyperparameterPrior prior, (double Mean, double StdDev) evidence)
    {
        var means = prior.Means.ToArray();
        var stdDevs = prior.StdDevs.ToArray();
        var precision = 1 / (stdDevs[^1] * stdDevs[^1]);
        var evidencePrecision = 1 / (evidence.StdDev * evidence.StdDev);
        means[^1] = (precision * means[^1] + evidencePrecision * evidence.Mean) / (precision + evidencePrecision);
        stdDevs[^1] = Math.Sqrt(1 / (precision + evidencePrecision));
        return new HyperparameterPrior(means, stdDevs);
    }

    /// <summary>Below this many fit rows the leave-one-out check is skipped (it cannot tell a good fit from a lucky one).</summary>
    public const int MinCheckedRows = 12;

    /// <summary>Leave-one-out R² below which no optimum found is trusted and the fit restarts from a smooth model.</summary>
    public const double DegenerateR2 = 0.2;

    /// <summary>Optima within this leave-one-out R² of the best are ranked by likelihood.</summary>
    public const double R2Tolerance = 0.05;

    /// <summary>−log p(y | θ) p(θ) / n and its gradient (the likelihood alone when <paramref name="prior"/> is null).</summary>
    public static (double Value, double[] Gradient) NegativeLogPosterior(IGpKernel kernel, HyperparameterPrior? prior, double[] theta, double[] x, double[] y)
    {
        var (value, gradient) = NegativeLogLikelihood(kernel, theta, x, y);
        if (prior is null || !double.IsFinite(value)) return (value, gradient);
        var priorGradient = new double[theta.Length];
        var penalty = prior.Penalty(theta, priorGradient);
        var n = y.Length;
        for (var j = 0; j < gradient.Length; j++) gradient[j] += priorGradient[j] / n;
        return (value + penalty / n, gradient);
    }

    /// <summary>−log p(y | θ) / n and its gradient; θ = kernel parameters followed by log noise.</summary>
    public static (double Value, double[] Gradient) NegativeLogLikelihood(IGpKernel kernel, double[] theta, double[] x, double[] y)
    {
        var n = y.Length;
        var parameters = theta[..^1];
        var noise = Math.Exp(theta[^1]);
        var gram = GaussianProcess.Gram(kernel.Bind(parameters), x, n, kernel.InputWidth);
        var matrix = Matrix<double>.Build.Dense(n, n, gram);
        for (var i = 0; i < n; i++) matrix[i, i] += noise + 1e-8;
        var cholesky = GaussianProcess.TryCholesky(matrix);
        if (cholesky is null) return (double.PositiveInfinity, new double[theta.Length]);
        var yVector = Vector<double>.Build.Dense(y);
        var alpha = cholesky.Solve(yVector);
        var value = 0.5 * yVector.DotProduct(alpha) + 0.5 * cholesky.DeterminantLn + 0.5 * n * Math.Log(2 * Math.PI);

        // W = ααᵀ − K⁻¹; the likelihood's gradient is ½ tr(W ∂K/∂θ).
        var inverse = cholesky.Solve(Matrix<double>.Build.DenseIdentity(n));
        var w = new double[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++) w[a * n + b] = alpha[a] * alpha[b] - inverse[a, b];
        var gradient = new double[theta.Length];
        kernel.AccumulateGradient(x, n, parameters, w, gradient);
        var trace = 0.0;
        for (var a = 0; a < n; a++) trace += w[a * n + a];
        gradient[^1] = 0.5 * trace * noise;
        // Minimize the negative, per point, so tolerances do not depend on n.
        for (var j = 0; j < gradient.Length; j++) gradient[j] = -gradient[j] / n;
        return (value / n, gradient);
    }
}

using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// mfbo's model: one Gaussian process over (mixture, rung) with a coregionalization kernel
/// (<see cref="RungCoregionalizationKernel"/>) that learns from the runs how far each cheap rung ranks mixtures like
/// the target, fitted by MAP on every run of the study. <see cref="Trust"/> reports each cheap rung's estimated
/// correlation with the target and its uncertainty.
/// </summary>
public sealed class RungGp
{
    private readonly double[] _ladder;
    private readonly Lazy<IReadOnlyList<RungTrust>> _trust;

    private RungGp(RungCoregionalizationKernel kernel, double[] ladder, GaussianProcess process, Func<IReadOnlyList<RungTrust>> trust)
    {
        Kernel = kernel;
        _ladder = ladder;
        Process = process;
        _trust = new Lazy<IReadOnlyList<RungTrust>>(trust);
    }

    public RungCoregionalizationKernel Kernel { get; }

    public GaussianProcess Process { get; }

    /// <summary>The ladder's fidelity values, cheapest first; the last is the target.</summary>
    public IReadOnlyList<double> Ladder => _ladder;

    /// <summary>Each cheap rung's correlation with the target, with its uncertainty (computed on first use).</summary>
    public IReadOnlyList<RungTrust> Trust => _trust.Value;

    /// <summary>Fits on <paramref name="observations"/> over <paramref name="ladder"/> (fidelity values, cheapest first, at least two).</summary>
    public static RungGp Fit(IReadOnlyList<double> ladder, IReadOnlyList<Observation> observations, GaussianProcessFitter fitter, int seed)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count < BayesianDefaults.MinimumFitRows)
            throw new ArgumentException($"A rung GP needs at least {BayesianDefaults.MinimumFitRows} runs, got {observations.Count}.");
        var values = ladder.ToArray();
        var scale = new FidelityScale(values[0], values[^1]);
        var kernel = new RungCoregionalizationKernel(observations[0].Mixture.Count, values.Select(scale.ToZ).ToArray());
        var width = kernel.InputWidth;
        var inputs = new double[observations.Count * width];
        for (var i = 0; i < observations.Count; i++) Encode(values, observations[i].Mixture.ToArray(), observations[i].Fidelity, inputs.AsSpan(i * width, width));
        var y = observations.Select(o => o.Value).ToArray();
        if (y.Any(v => !double.IsFinite(v))) throw new ArgumentException("Observed values must be finite to fit a GP.");
        var fit = FitHyperparameters(fitter, kernel, inputs, y, seed);
        var process = GaussianProcess.Condition(kernel, fit.Parameters, fit.Noise, inputs, y, Standardizer.Fit(y));
        var prior = fitter.Prior?.Invoke(kernel, inputs);
        return new RungGp(kernel, values, process, () =>
        {
            // The curvature on at most 256 rows (a seeded subset): enough to size the interval, cheap at any study size.
            var rows = Enumerable.Range(0, y.Length).ToArray();
            var random = new Random(seed);
            if (rows.Length > 256) rows = rows.OrderBy(_ => random.Next()).Take(256).Order().ToArray();
            var fitX = rows.SelectMany(r => inputs.AsSpan(r * width, width).ToArray()).ToArray();
            var fitY = rows.Select(r => process.Standardizer.To(y[r])).ToArray();
            return RungCorrelationEstimate.Estimate(kernel, process.Parameters, process.Noise, fitX, fitY, prior, values);
        });
    }

    /// <summary>
    /// Hyperparameters as <see cref="GaussianProcessFitter.Fit"/> finds them (refit points of its reuse schedule, on the
    /// data prefix), except that above <see cref="GaussianProcessFitter.MaxFitPoints"/> rows the subset they are fitted
    /// on keeps every rung's rows in proportion but at least a quarter of it for the target's: a uniform subset of
    /// hundreds of cheap runs would drop the few target runs, which are all the evidence about the top rung's trust.
    /// </summary>
    private static GpHyperparameters FitHyperparameters(GaussianProcessFitter fitter, RungCoregionalizationKernel kernel, double[] x, double[] y, int seed)
    {
        GpHyperparameters Subset(double[] px, double[] py, int subsetSeed)
        {
            var width = kernel.InputWidth;
            var n = py.Length;
            if (n <= fitter.MaxFitPoints) return fitter.FitHyperparameters(kernel, px, py, subsetSeed);
            var random = new Random(subsetSeed);
            var target = Enumerable.Range(0, n).Where(i => kernel.RungOf(px.AsSpan(i * width, width)) == kernel.Rungs - 1).ToArray();
            var keepTarget = Math.Min(target.Length, Math.Max(fitter.MaxFitPoints / 4, (int)((long)fitter.MaxFitPoints * target.Length / n)));
            var chosen = target.OrderBy(_ => random.Next()).Take(keepTarget)
                .Concat(Enumerable.Range(0, n).Except(target).OrderBy(_ => random.Next()).Take(fitter.MaxFitPoints - keepTarget))
                .Order().ToArray();
            var subX = chosen.SelectMany(i => px.AsSpan(i * width, width).ToArray()).ToArray();
            return fitter.FitHyperparameters(kernel, subX, chosen.Select(i => py[i]).ToArray(), subsetSeed);
        }

        if (fitter.Reuse is null) return Subset(x, y, seed);
        var anchor = fitter.Reuse.Schedule.Anchor(y.Length);
        var anchorSeed = Randomness.SeedMixer.Mix(seed, anchor);
        return fitter.Reuse.GetOrFit(kernel, x[..(anchor * kernel.InputWidth)], y.Take(anchor).ToArray(), anchorSeed,
            (prefixX, prefixY) => Subset(prefixX, prefixY, anchorSeed));
    }

    /// <summary>The kernel input of a run: warped weights, then the index of the rung nearest to <paramref name="fidelity"/>.</summary>
    public void Encode(ReadOnlySpan<double> mixture, double fidelity, Span<double> input) => Encode(_ladder, mixture, fidelity, input);

    private static void Encode(double[] ladder, ReadOnlySpan<double> mixture, double fidelity, Span<double> input)
    {
        for (var j = 0; j < mixture.Length; j++) input[j] = GaussianProcessSurrogate.DiminishingReturns(mixture[j]);
        var rung = 0;
        for (var i = 1; i < ladder.Length; i++) if (Math.Abs(ladder[i] - fidelity) < Math.Abs(ladder[rung] - fidelity)) rung = i;
        input[mixture.Length] = rung;
    }
}

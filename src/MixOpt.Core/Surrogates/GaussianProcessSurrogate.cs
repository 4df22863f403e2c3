using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// A Gaussian process with a Matérn-5/2 ARD kernel on the simplex (and on log fidelity when the data spans
/// several), standardized output, hyperparameters by marginal likelihood with restarts. Its uncertainty is the
/// posterior predictive standard deviation (latent variance plus the fitted noise).
/// </summary>
public sealed class GaussianProcessSurrogate : ISurrogate
{
    public const string SurrogateName = "gp";

    public GaussianProcessFitter Fitter { get; init; } = new();

    /// <summary>Applied to each mixture weight before the kernel sees it (null = identity).</summary>
    public Func<double, double>? Warp { get; init; } = DiminishingReturns;

    /// <summary>
    /// log(w + 0.01): the first percent of a domain moves the loss far more than going from 40% to 41% (mixing laws
    /// are exponential in the proportions), so distances in log space match the response better.
    /// </summary>
    public static double DiminishingReturns(double weight) => Math.Log(weight + 0.01);

    /// <summary>
    /// The log fidelity the fidelity input is centred on when the data spans several (null = the data's mean).
    /// Strategies fix it, so that earlier rows keep their features and their hyperparameter fits can be reused.
    /// </summary>
    public double? LogFidelityCentre { get; init; }

    public string Name => SurrogateName;

    /// <summary>
    /// From this many domains on, inputs are scaled by their spread (<see cref="InputScaling"/>). Below it the fixed
    /// start and bounds already sit inside the warped inputs' spread, and they are what holds RegMix's 17 domains
    /// (0.994 / 0.990 / 0.976) and small noisy tables: on a 48-run, 17-domain family scaling dropped Spearman from
    /// 0.63 to 0.28, while at 64 and 128 domains it lifted it from 0.83 to 0.96 and from 0.91 to 0.94.
    /// </summary>
    public int ScaleInputsFrom { get; init; } = 32;

    /// <summary>Leave-one-out R² (on the standardized targets the fit saw) below which a fit says it cannot be trusted.</summary>
    public const double UntrustedR2 = 0.05;

    public IFittedSurrogate Fit(SurrogateData data, int seed)
    {
        SurrogateDataChecks.Validate(data, Name);
        var fidelity = FidelityFeature.From(data, LogFidelityCentre);
        var kernel = new Matern52ArdKernel(fidelity.Width(data.Domains));
        var features = fidelity.Features(data);
        WarpRows(features, kernel.InputWidth, data.Domains, Warp);
        // Scaled on the rows hyperparameters are fitted on: with reuse, the anchor prefix, so a reused fit sees the
        // same inputs it was fitted on until the next refit point.
        InputScaling? scaling = null;
        if (data.Domains >= ScaleInputsFrom)
        {
            var scaledRows = Fitter.Reuse is { } reuse ? reuse.Schedule.Anchor(data.Count) : data.Count;
            scaling = InputScaling.From(features, Math.Max(1, scaledRows), kernel.InputWidth, data.Domains);
            scaling.Apply(features, kernel.InputWidth);
        }
        var (process, fit) = Fitter.FitChecked(kernel, features, data.Targets, seed);
        return new FittedGaussianProcess(data.Domains, fidelity, process, Warp, scaling, PredictionBounds.From(data.Targets)) { Fit = fit };
    }

    /// <summary>A fitted GP behind the surrogate interface; <see cref="Process"/> exposes the posterior to acquisitions.</summary>
    public sealed class FittedGaussianProcess(int domains, FidelityFeature fidelity, GaussianProcess process, Func<double, double>? warp = null,
        InputScaling? scaling = null, PredictionBounds? bounds = null) : IFittedSurrogate, ITrustedFit
    {
        public string Name => SurrogateName;

        public GaussianProcess Process => process;

        /// <summary>How the fit checked out (leave-one-out R², whether the likelihood's optimum was replaced); null when unchecked.</summary>
        public GpHyperparameters? Fit { get; init; }

        public string? Untrusted => Fit?.LeaveOneOutR2 is { } r2 && r2 < UntrustedR2
            ? $"leave-one-out R² {r2.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}: predicts no better than the mean"
            : null;

        /// <summary>Writes the kernel input of (mixture, fidelity) as this model sees it (warped, fidelity if used).</summary>
        public void Encode(ReadOnlySpan<double> mixture, double f, Span<double> input)
        {
            for (var j = 0; j < domains; j++) input[j] = warp is null ? mixture[j] : warp(mixture[j]);
            if (fidelity.Used) input[domains] = fidelity.Value(f);
            scaling?.ApplyRow(input);
        }

        public void Predict(ReadOnlySpan<double> mixtures, double f, Span<double> mean, Span<double> stdDev)
        {
            var rows = SurrogateDataChecks.CheckPredict(mixtures, domains, f, mean, stdDev);
            var width = fidelity.Width(domains);
            var inputs = new double[rows * width];
            for (var r = 0; r < rows; r++)
            {
                mixtures.Slice(r * domains, domains).CopyTo(inputs.AsSpan(r * width, domains));
                if (fidelity.Used) inputs[r * width + domains] = fidelity.Value(f);
            }
            WarpRows(inputs, width, domains, warp);
            scaling?.Apply(inputs, width);
            process.PredictRows(inputs, mean, stdDev);
            bounds?.Apply(mean);
        }
    }

    private static void WarpRows(double[] rows, int width, int domains, Func<double, double>? warp)
    {
        if (warp is null) return;
        for (var r = 0; r < rows.Length / width; r++)
            for (var j = 0; j < domains; j++) rows[r * width + j] = warp(rows[r * width + j]);
    }
}

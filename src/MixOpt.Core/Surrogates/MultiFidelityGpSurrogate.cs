using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// A multi-fidelity Gaussian process (<see cref="MultiFidelityKernel"/>): one model over (mixture, fidelity) in which
/// cheap proxy runs inform predictions at the target scale. Fitted by marginal likelihood like <see cref="GaussianProcessSurrogate"/>.
/// The fidelity range defaults to the data's; strategies pass their ladder so the target is fixed even before any
/// target run exists.
/// </summary>
public sealed class MultiFidelityGpSurrogate : ISurrogate
{
    public const string SurrogateName = "mfgp";

    public GaussianProcessFitter Fitter { get; init; } = new();

    /// <summary>The fidelity range (cheapest rung, target); null = the data's smallest and largest fidelity.</summary>
    public FidelityScale? Scale { get; init; }

    public string Name => SurrogateName;

    public IFittedSurrogate Fit(SurrogateData data, int seed)
    {
        SurrogateDataChecks.Validate(data, Name);
        var scale = Scale ?? new FidelityScale(data.Fidelities.Min(), data.Fidelities.Max());
        var kernel = new MultiFidelityKernel(data.Domains);
        var inputs = new double[data.Count * kernel.InputWidth];
        for (var i = 0; i < data.Count; i++) Encode(data.Mixtures[i], data.Fidelities[i], scale, inputs.AsSpan(i * kernel.InputWidth, kernel.InputWidth));
        return new Fitted(data.Domains, scale, Fitter.Fit(kernel, inputs, data.Targets, seed), PredictionBounds.From(data.Targets));
    }

    /// <summary>Writes the kernel input of (mixture, fidelity): warped weights, then z.</summary>
    public static void Encode(ReadOnlySpan<double> mixture, double fidelity, FidelityScale scale, Span<double> input)
    {
        for (var j = 0; j < mixture.Length; j++) input[j] = GaussianProcessSurrogate.DiminishingReturns(mixture[j]);
        input[mixture.Length] = scale.ToZ(fidelity);
    }

    /// <summary>The fitted model; <see cref="Process"/> and <see cref="Scale"/> let acquisitions work on the posterior directly.</summary>
    public sealed class Fitted(int domains, FidelityScale scale, GaussianProcess process, PredictionBounds? bounds = null) : IFittedSurrogate
    {
        public string Name => SurrogateName;

        public GaussianProcess Process => process;

        public FidelityScale Scale => scale;

        public int Domains => domains;

        public void Predict(ReadOnlySpan<double> mixtures, double fidelity, Span<double> mean, Span<double> stdDev)
        {
            var rows = SurrogateDataChecks.CheckPredict(mixtures, domains, fidelity, mean, stdDev);
            var width = domains + 1;
            var inputs = new double[rows * width];
            for (var r = 0; r < rows; r++) Encode(mixtures.Slice(r * domains, domains), fidelity, scale, inputs.AsSpan(r * width, width));
            process.PredictRows(inputs, mean, stdDev);
            bounds?.Apply(mean);
        }
    }
}

using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// bo's model: a Matérn-5/2 ARD GP on the (log-warped) mixtures of the target runs, fitted by MAP. It is built on
/// the GP pieces directly rather than through <see cref="GaussianProcessSurrogate"/>, whose data checks ask for at
/// least as many rows as domains (right for a plain likelihood fit, too strict with a prior): bo would otherwise
/// spend its first d target runs on a design.
/// </summary>
public sealed class TargetGp
{
    private TargetGp(int domains, GaussianProcess process)
    {
        Domains = domains;
        Process = process;
    }

    public int Domains { get; }

    public GaussianProcess Process { get; }

    /// <summary>Fits on <paramref name="mixtures"/> and their <paramref name="values"/> (raw units).</summary>
    public static TargetGp Fit(IReadOnlyList<double[]> mixtures, IReadOnlyList<double> values, GaussianProcessFitter fitter, int seed)
    {
        ArgumentNullException.ThrowIfNull(mixtures);
        ArgumentNullException.ThrowIfNull(values);
        if (mixtures.Count != values.Count) throw new ArgumentException($"{mixtures.Count} mixtures but {values.Count} values.");
        if (mixtures.Count < BayesianDefaults.MinimumFitRows)
            throw new ArgumentException($"A target GP needs at least {BayesianDefaults.MinimumFitRows} runs, got {mixtures.Count}.");
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("Target values must be finite to fit a GP.");
        var d = mixtures[0].Length;
        var kernel = new Matern52ArdKernel(d);
        var inputs = new double[mixtures.Count * d];
        for (var i = 0; i < mixtures.Count; i++)
        {
            if (mixtures[i].Length != d) throw new ArgumentException($"Mixture {i} has {mixtures[i].Length} weights; expected {d}.");
            Encode(mixtures[i], inputs.AsSpan(i * d, d));
        }
        return new TargetGp(d, fitter.Fit(kernel, inputs, values, seed));
    }

    /// <summary>The kernel input of a mixture: its log-warped weights (as <see cref="GaussianProcessSurrogate"/> sees them).</summary>
    public static void Encode(ReadOnlySpan<double> mixture, Span<double> input)
    {
        for (var j = 0; j < mixture.Length; j++) input[j] = GaussianProcessSurrogate.DiminishingReturns(mixture[j]);
    }
}

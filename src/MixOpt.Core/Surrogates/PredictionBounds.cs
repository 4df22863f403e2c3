namespace MixOpt.Core.Surrogates;

/// <summary>
/// The range of objective values a surrogate's data supports: the observed targets widened by half their range on
/// either side. Every surrogate clamps its predicted means to it. A model may rightly predict somewhat better than the
/// best run seen (that is what optimization looks for), but not a loss of 6,350 where every run scored near 3: that is
/// an extrapolation of the fitted form, not of the data (a 12-run mixing-law fit did exactly that on the demo study).
/// </summary>
public readonly record struct PredictionBounds(double Lower, double Upper)
{
    /// <summary>How far beyond the observed range predictions may go, as a fraction of that range.</summary>
    public const double Margin = 0.5;

    public static PredictionBounds From(IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0) throw new ArgumentException("Prediction bounds need at least one target.", nameof(targets));
        var min = targets.Min();
        var max = targets.Max();
        // All targets equal: allow a band around them rather than a single value.
        var range = max > min ? max - min : Math.Max(Math.Abs(max), 1.0) * 0.1;
        return new PredictionBounds(min - Margin * range, max + Margin * range);
    }

    public double Clamp(double value) => double.IsNaN(value) ? value : Math.Clamp(value, Lower, Upper);

    /// <summary>Clamps every mean in place.</summary>
    public void Apply(Span<double> means)
    {
        for (var i = 0; i < means.Length; i++) means[i] = Clamp(means[i]);
    }
}

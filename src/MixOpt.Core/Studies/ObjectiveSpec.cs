namespace MixOpt.Core.Studies;

/// <summary>
/// Which metric a study optimizes and in which direction. Metrics are named <c>loss:&lt;domain&gt;</c>
/// (per-domain validation loss); <c>loss:mean</c> is the mean over the study's domains.
/// </summary>
public sealed record ObjectiveSpec
{
    public const string MeanLoss = "loss:mean";

    public string Metric { get; init; } = MeanLoss;
    public string Direction { get; init; } = "minimize";

    public bool Minimize => !string.Equals(Direction, "maximize", StringComparison.OrdinalIgnoreCase);

    public static string LossMetric(string domain) => "loss:" + domain;

    /// <summary>The objective value of a run from its metrics; throws when a needed metric is missing or not finite.</summary>
    public double Score(IReadOnlyDictionary<string, double> metrics, IReadOnlyList<string> domains)
    {
        double value;
        if (Metric == MeanLoss)
        {
            value = 0;
            foreach (var d in domains)
                value += Require(metrics, LossMetric(d));
            value /= domains.Count;
        }
        else
        {
            value = Require(metrics, Metric);
        }
        return value;
    }

    /// <summary>True when <paramref name="candidate"/> is better than <paramref name="incumbent"/> in this objective's direction.</summary>
    public bool IsBetter(double candidate, double incumbent) => Minimize ? candidate < incumbent : candidate > incumbent;

    private static double Require(IReadOnlyDictionary<string, double> metrics, string name)
    {
        if (!metrics.TryGetValue(name, out var v))
            throw new ArgumentException($"Metric '{name}' is missing from the run's result.");
        if (!double.IsFinite(v))
            throw new ArgumentException($"Metric '{name}' is {v}; results must be finite.");
        return v;
    }
}

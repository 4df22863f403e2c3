namespace MixOpt.Core.Studies;

/// <summary>
/// Which metric a study optimizes and in which direction. Metrics are named <c>loss:&lt;domain&gt;</c>
/// (per-domain validation loss); <c>loss:mean</c> is the mean over the study's domains. External trainers may
/// report metrics of any name. <see cref="Weights"/>, when given, replaces <see cref="Metric"/>: the objective is
/// the weighted sum of the named metrics (e.g. two benchmarks' losses at 0.7 / 0.3).
/// </summary>
public sealed record ObjectiveSpec
{
    public const string MeanLoss = "loss:mean";

    public string Metric { get; init; } = MeanLoss;
    public string Direction { get; init; } = "minimize";

    /// <summary>Metric name → weight; the objective is Σ weight · metric. Absent: <see cref="Metric"/> alone.</summary>
    public IReadOnlyDictionary<string, double>? Weights { get; init; }

    /// <summary>The metrics this objective combines: the weighted ones, or <see cref="Metric"/> alone.</summary>
    public IEnumerable<string> NamedMetrics => Weights is { Count: > 0 } w ? w.Keys : [Metric];

    public bool Minimize => !string.Equals(Direction, "maximize", StringComparison.OrdinalIgnoreCase);

    public static string LossMetric(string domain) => "loss:" + domain;

    /// <summary>The objective value of a run from its metrics; throws when a needed metric is missing or not finite, or the objective overflows.</summary>
    public double Score(IReadOnlyDictionary<string, double> metrics, IReadOnlyList<string> domains)
    {
        double value;
        if (Weights is { Count: > 0 } weights)
        {
            value = 0;
            foreach (var (name, weight) in weights)
                value += weight * Score(metrics, domains, name);
        }
        else value = Score(metrics, domains, Metric);
        // Finite metrics can still sum or scale past double's range (three losses of 1e308): such a value can be
        // neither stored nor written as JSON, so it is refused here, where every objective is computed.
        if (!double.IsFinite(value))
            throw new ArgumentException($"The objective computed from these metrics is {value}; it must be finite (the metrics or weights are too large).");
        return value;
    }

    private static double Score(IReadOnlyDictionary<string, double> metrics, IReadOnlyList<string> domains, string metric)
    {
        double value;
        if (metric == MeanLoss)
        {
            value = 0;
            foreach (var d in domains)
                value += Require(metrics, LossMetric(d));
            value /= domains.Count;
        }
        else
        {
            value = Require(metrics, metric);
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

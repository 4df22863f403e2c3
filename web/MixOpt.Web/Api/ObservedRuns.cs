using MixOpt.Core.Studies;
using MixOpt.Core.Text;

namespace MixOpt.Web.Api;

/// <summary>
/// Checks runs reported from outside (warm start, import, result metrics) against a study: the mixture names
/// exactly the study's domains with proportions ≥ 0 summing to 1, the fidelity is a rung of the ladder, metrics
/// are finite and named sanely, and the objective can be scored from them. Errors are keyed by JSON path.
/// </summary>
public static class ObservedRuns
{
    public const double SumTolerance = 1e-6;
    public const int MaxMetrics = 1000;
    public const int MaxLossCurve = 100_000;

    /// <summary>The most unknown, missing or bad names one run's errors list one by one.</summary>
    public const int MaxNamedPerRow = 10;

    public static ObservedRun? Validate(StudySpec spec, ObservedRunRequest run, string path, Dictionary<string, List<string>> errors)
    {
        var count = errors.Count;
        var mixture = Mixture(spec, run.Mixture, $"{path}mixture", errors);
        var fidelity = Fidelity(spec, run.Fidelity, $"{path}fidelity", errors);
        var cost = Cost(run.Cost, fidelity is { } f ? RungCost(spec, f) : 1, $"{path}cost", errors);
        Seconds(run.Seconds, $"{path}seconds", errors);
        var objective = Metrics(spec, run.Metrics, $"{path}metrics", errors);
        if (errors.Count > count || mixture is null || fidelity is null || objective is null) return null;
        return new ObservedRun(mixture, fidelity.Value, cost, run.Seconds ?? 0, objective.Value, run.Metrics!);
    }

    public static double RungCost(StudySpec spec, double fidelity) => Ladder(spec).Single(r => r.Value == fidelity).Cost;

    public static IReadOnlyList<FidelitySpec> Ladder(StudySpec spec) => spec.Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget;

    /// <summary>The objective scored from <paramref name="metrics"/>, or null with the problem added.</summary>
    public static double? Metrics(StudySpec spec, IReadOnlyDictionary<string, double>? metrics, string key, Dictionary<string, List<string>> errors)
    {
        if (metrics is null || metrics.Count == 0) { Add(errors, key, "Metrics are required (e.g. {\"loss:web\": 3.1, ...})."); return null; }
        if (metrics.Count > MaxMetrics) { Add(errors, key, $"At most {MaxMetrics} metrics, got {metrics.Count}."); return null; }
        var bad = 0;
        foreach (var (name, value) in metrics)
        {
            var named = StudySpecValidator.MetricNamePattern().IsMatch(name);
            if (named && double.IsFinite(value)) continue;
            if (++bad > MaxNamedPerRow) continue;
            if (!named) Add(errors, key, $"Metric name '{TextRules.Printable(name)}' must be 1-128 letters, digits, '_', '.', ':', '/' or '-'.");
            else Add(errors, $"{key}.{name}", $"Metric '{name}' is {value}; metrics must be finite.");
        }
        if (bad > MaxNamedPerRow) Add(errors, key, $"... and {bad - MaxNamedPerRow} more bad metrics.");
        if (bad > 0) return null;
        try
        {
            return spec.Objective.Score(metrics, spec.DomainNames);
        }
        catch (ArgumentException e)
        {
            Add(errors, key, $"{e.Message} The objective needs: {string.Join(", ", Needed(spec))}.");
            return null;
        }
    }

    public static double Cost(double? cost, double fallback, string key, Dictionary<string, List<string>> errors)
    {
        if (cost is { } c && (!double.IsFinite(c) || c <= 0)) Add(errors, key, $"Cost must be a finite number > 0, got {c}.");
        return cost ?? fallback;
    }

    public static void Seconds(double? seconds, string key, Dictionary<string, List<string>> errors)
    {
        if (seconds is { } s && (!double.IsFinite(s) || s < 0)) Add(errors, key, $"Seconds must be a finite number >= 0, got {s}.");
    }

    public static void LossCurve(IReadOnlyList<double>? curve, string key, Dictionary<string, List<string>> errors)
    {
        if (curve is null) return;
        if (curve.Count > MaxLossCurve) Add(errors, key, $"At most {MaxLossCurve} loss curve points, got {curve.Count}.");
        for (var i = 0; i < curve.Count; i++)
            if (!double.IsFinite(curve[i])) { Add(errors, $"{key}[{i}]", $"Loss curve point is {curve[i]}; points must be finite."); break; }
    }

    private static double[]? Mixture(StudySpec spec, IReadOnlyDictionary<string, double>? mixture, string key, Dictionary<string, List<string>> errors)
    {
        if (mixture is null) { Add(errors, key, $"A mixture is required: one proportion per domain ({string.Join(", ", spec.DomainNames)})."); return null; }
        // Each kind of problem names at most MaxNamedPerRow entries: a row with a million unknown columns gets one
        // bounded answer, not a million errors (the import's 50-error cap only counts between rows).
        var domains = new HashSet<string>(spec.DomainNames, StringComparer.Ordinal);
        var unknown = mixture.Keys.Where(n => !domains.Contains(n)).ToList();
        foreach (var name in unknown.Take(MaxNamedPerRow))
            Add(errors, $"{key}.{TextRules.Printable(name)}", $"'{TextRules.Printable(name)}' is not a domain of this study ({string.Join(", ", spec.DomainNames)}).");
        if (unknown.Count > MaxNamedPerRow) Add(errors, key, $"... and {unknown.Count - MaxNamedPerRow} more names that are not domains of this study.");
        var missing = spec.DomainNames.Where(n => !mixture.ContainsKey(n)).ToList();
        foreach (var name in missing.Take(MaxNamedPerRow))
            Add(errors, $"{key}.{name}", $"Domain '{name}' is missing from the mixture.");
        if (missing.Count > MaxNamedPerRow) Add(errors, key, $"... and {missing.Count - MaxNamedPerRow} more domains are missing from the mixture.");
        var ok = unknown.Count == 0 && missing.Count == 0;
        if (!ok) return null;
        foreach (var (name, w) in mixture)
            if (!double.IsFinite(w) || w < 0) { Add(errors, $"{key}.{name}", $"Proportion must be a finite number >= 0, got {w}."); ok = false; }
        if (!ok) return null;
        var weights = spec.DomainNames.Select(n => mixture[n]).ToArray();
        var sum = weights.Sum();
        if (Math.Abs(sum - 1) > SumTolerance) { Add(errors, key, $"Proportions sum to {sum:R}; they must sum to 1 (within {SumTolerance})."); return null; }
        return weights;
    }

    private static double? Fidelity(StudySpec spec, double? fidelity, string key, Dictionary<string, List<string>> errors)
    {
        var ladder = Ladder(spec);
        if (fidelity is null) return spec.TargetFidelity.Value;
        if (ladder.Any(r => r.Value == fidelity)) return fidelity;
        Add(errors, key, $"Fidelity {fidelity} is not a rung of the study's ladder ({string.Join(", ", ladder.Select(r => r.Value))}).");
        return null;
    }

    private static IEnumerable<string> Needed(StudySpec spec) =>
        spec.Objective.NamedMetrics.SelectMany(m => m == ObjectiveSpec.MeanLoss ? spec.DomainNames.Select(ObjectiveSpec.LossMetric) : [m]).Distinct();

    public static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }

    public static IReadOnlyDictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

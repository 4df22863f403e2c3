namespace MixOpt.Core.Studies;

public static partial class StudySpecValidator
{
    /// <summary>
    /// <c>objectives</c> and <c>tradeOff</c>: at most <see cref="StudyObjectives.MaxObjectives"/> distinct metrics the
    /// executor reports (any well-formed name for an external trainer), each with a direction; a trade-off names only
    /// those metrics in constraints that parse (whether the simulated oracle can meet them is <c>Simulation.TradeOffFeasibility</c>'s to say).
    /// </summary>
    private static void ValidateObjectives(StudySpec spec, Action<string, string> add)
    {
        var domains = spec.Domains ?? [];
        void Metric(string key, string? metric)
        {
            if (spec.Executor == ExecutorNames.External)
            {
                if (metric is null || !MetricNamePattern().IsMatch(metric))
                    add(key, $"Metric name '{metric}' must be 1-128 letters, digits, '_', '.', ':', '/' or '-'.");
            }
            else if (metric != ObjectiveSpec.MeanLoss && !domains.Any(d => d is not null && metric == ObjectiveSpec.LossMetric(d.Name)))
                add(key, $"Metric '{metric}' is neither '{ObjectiveSpec.MeanLoss}' nor 'loss:<domain>' for a domain of this study (the {spec.Executor} executor reports only those).");
        }

        var names = new List<string>();
        if (spec.Objectives is { } objectives)
        {
            if (objectives.Count == 0) add("objectives", "Leave objectives out, or name at least one metric.");
            if (objectives.Count > StudyObjectives.MaxObjectives)
                add("objectives", $"At most {StudyObjectives.MaxObjectives} objectives are supported, got {objectives.Count}.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < objectives.Count; i++)
            {
                var o = objectives[i];
                if (o is null) { add($"objectives[{i}]", "An objective must not be null."); continue; }
                if (o.Weights is not null) add($"objectives[{i}].weights", "Each of several objectives is one metric; weights belong to tradeOff.");
                if (o.Direction is not ("minimize" or "maximize"))
                    add($"objectives[{i}].direction", $"Direction must be 'minimize' or 'maximize', got '{o.Direction}'.");
                Metric($"objectives[{i}].metric", o.Metric);
                if (o.Metric is not null && !seen.Add(o.Metric)) add($"objectives[{i}].metric", $"Metric '{o.Metric}' appears more than once.");
                if (o.Metric is not null) names.Add(o.Metric);
            }
            // The single objective is set from the first by the submitter; any other value contradicts the list.
            var single = spec.Objective;
            var isDefault = single is null || single is { Metric: ObjectiveSpec.MeanLoss, Direction: "minimize", Weights: null };
            var isFirst = single is not null && objectives.Count > 0 && objectives[0] is { } first
                && single.Weights is null && single.Metric == first.Metric && single.Direction == first.Direction;
            if (!isDefault && !isFirst) add("objective", "Give either objective or objectives, not both.");
        }

        if (spec.TradeOff is not { } tradeOff) return;
        if (spec.Objectives is not { Count: > 1 })
        {
            add("tradeOff", "A trade-off needs two or more objectives.");
            return;
        }
        if (tradeOff.Weights is { } weights)
        {
            if (weights.Count == 0) add("tradeOff.weights", "Leave weights out, or weigh at least one objective.");
            foreach (var (metric, weight) in weights)
            {
                if (!names.Contains(metric)) add($"tradeOff.weights.{metric}", $"'{metric}' is not one of the study's objectives ({string.Join(", ", names)}).");
                if (!double.IsFinite(weight) || weight < 0 || weight > MaxWeight)
                    add($"tradeOff.weights.{metric}", $"Weight must be a finite number in [0, {MaxWeight:G}], got {weight}.");
            }
            if (weights.Count > 0 && weights.Values.All(w => w == 0)) add("tradeOff.weights", "At least one weight must be positive.");
        }
        if (tradeOff.Constraints is { } constraints)
            for (var i = 0; i < constraints.Count; i++)
            {
                var c = TradeOffConstraint.TryParse(constraints[i], out var problem);
                if (c is null) add($"tradeOff.constraints[{i}]", problem!);
                else if (!names.Contains(c.Metric)) add($"tradeOff.constraints[{i}]", $"'{c.Metric}' is not one of the study's objectives ({string.Join(", ", names)}).");
            }
    }
}

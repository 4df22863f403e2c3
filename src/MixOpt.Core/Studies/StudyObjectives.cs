namespace MixOpt.Core.Studies;

/// <summary>A study's objectives as one list, whether it gave <c>objectives</c> or the single <c>objective</c>.</summary>
public static class StudyObjectives
{
    /// <summary>The most objectives a study may have: beyond it a Pareto front holds nearly every run and says little.</summary>
    public const int MaxObjectives = 8;

    /// <summary>The study's objectives: <see cref="StudySpec.Objectives"/>, or the single objective as a list of one.</summary>
    public static IReadOnlyList<ObjectiveSpec> ObjectiveList(this StudySpec spec) =>
        spec.Objectives is { Count: > 0 } list ? list : [spec.Objective];

    /// <summary>True when the study has two or more objectives (a Pareto front rather than one best run).</summary>
    public static bool IsMultiObjective(this StudySpec spec) => spec.Objectives is { Count: > 1 };

    /// <summary>The metric names of the objectives, in order (a weighted objective is named by its weights).</summary>
    public static IReadOnlyList<string> ObjectiveNames(this StudySpec spec) =>
        spec.ObjectiveList().Select(o => o.Weights is { Count: > 0 } w ? string.Join("+", w.Keys) : o.Metric).ToArray();

    /// <summary>Each objective's direction, in order: true = minimize.</summary>
    public static IReadOnlyList<bool> Minimize(this StudySpec spec) => spec.ObjectiveList().Select(o => o.Minimize).ToArray();

    /// <summary>Every objective's value from a run's metrics, in order; throws like <see cref="ObjectiveSpec.Score"/>.</summary>
    public static double[] Scores(this StudySpec spec, IReadOnlyDictionary<string, double> metrics) =>
        spec.ObjectiveList().Select(o => o.Score(metrics, spec.DomainNames)).ToArray();

    /// <summary>
    /// The spec as stored: with <c>objectives</c> given, <see cref="StudySpec.Objective"/> becomes the first of them, so
    /// the run's objective column, the best run and progress follow the first objective.
    /// </summary>
    public static StudySpec WithPrimaryObjective(this StudySpec spec) =>
        spec.Objectives is { Count: > 0 } list && list[0] is { } first ? spec with { Objective = first } : spec;
}

namespace MixOpt.Web.Api;

/// <summary>One objective of a study as the front view names it: its metric and direction.</summary>
public sealed record FrontObjectiveView(string Metric, string Direction);

/// <summary>A succeeded target-rung run in objective space: its mixture and every objective's value.</summary>
public sealed record FrontPointView(Guid RunId, int Ordinal, IReadOnlyDictionary<string, double> Mixture, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// A study's Pareto front over its succeeded runs at the target rung: the non-dominated runs (<see cref="Front"/>) and
/// the others (<see cref="Dominated"/>), so a plot can show both. A single-objective study's front is its best run(s).
/// </summary>
public sealed record StudyFrontView(Guid StudyId, IReadOnlyList<FrontObjectiveView> Objectives, IReadOnlyList<FrontPointView> Front, IReadOnlyList<FrontPointView> Dominated);

using MixOpt.Core.Studies;

namespace MixOpt.Web.Application;

/// <summary>One run as the study page's plots need it: no metrics, no artifact, just where it sits on each axis.</summary>
public sealed record ChartRun(int Ordinal, RunState State, string Rung, IReadOnlyList<double> Mixture, double? Objective, double? Cost,
    DateTimeOffset? FinishedAt = null, double Fidelity = 0);

/// <summary>One succeeded run in the order results came in (the /progress series), with its rung's name.</summary>
public sealed record ProgressChartPoint(int Ordinal, string Rung, double CumulativeCost, double Objective, double BestSoFar);

/// <summary>A mixture run at two rungs: its objective at the cheaper one and at the dearer one.</summary>
public sealed record TransferPoint(int FromOrdinal, int ToOrdinal, double From, double To);

/// <summary>Every mixture run at both rungs of a pair, and the Spearman rank correlation of their objectives (null below 3 pairs).</summary>
public sealed record RungTransfer(string FromRung, string ToRung, IReadOnlyList<TransferPoint> Points, double? Spearman);

/// <summary>The recommendation's predicted value with its standard deviation, drawn as a band over best-so-far.</summary>
public sealed record RecommendationBand(double Predicted, double StdDev, string Basis, IReadOnlyDictionary<string, double> Mixture);

/// <summary>
/// One row of the recommendation's history: its predicted value and standard deviation after <see cref="Observations"/>
/// results, which had cost <see cref="CumulativeCost"/> (the best-so-far plot's x axis).
/// </summary>
public sealed record RecommendationPoint(int Observations, double CumulativeCost, double Predicted, double StdDev, bool Final);

/// <summary>
/// What the study page plots. <see cref="Version"/> changes whenever a run finishes, so a page can tell from a
/// cheap count whether there is anything new to draw. <see cref="Runs"/> holds the finished runs only (nothing else is
/// plotted); each plot bounds what it draws of them (<see cref="ChartSampling"/>), seeded by <see cref="Seed"/>.
/// </summary>
public sealed record StudyChartsView(
    Guid StudyId, IReadOnlyList<string> Domains, IReadOnlyList<string> Rungs, bool Minimize, string Metric,
    IReadOnlyList<ChartRun> Runs, IReadOnlyList<ProgressChartPoint> Progress, IReadOnlyList<RungTransfer> Transfer,
    RecommendationBand? Recommendation, double? OptimumValue, ChartVersion Version,
    IReadOnlyList<RecommendationPoint>? History = null, int Seed = 0);

/// <summary>How many runs of a study have finished and when the last did: a change means the plots are stale.</summary>
public readonly record struct ChartVersion(int Finished, DateTimeOffset? LastFinishedAt);

using MixOpt.Core.Studies;

namespace MixOpt.Web.Api;

/// <summary>A study as the list endpoint shows it.</summary>
public sealed record StudySummaryView(
    Guid Id, string Name, StudyStatus Status, string Strategy, int RunBudget,
    double? BestValue, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>A mixture with its domain names, and the objective value it scored (observed or true).</summary>
public sealed record MixtureView(IReadOnlyDictionary<string, double> Weights, double Value);

public sealed record RunView(
    Guid Id, int Ordinal, int Round, RunState State, int Attempts, IReadOnlyDictionary<string, double> Mixture,
    double Fidelity, double? Objective, double? Cost, string? Worker, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, double>? Metrics, string? ArtifactUri);

public sealed record StudyDetailsView(
    Guid Id, string Name, StudyStatus Status, string Strategy, int Seed, IReadOnlyList<string> Domains,
    int RunBudget, int RunsSucceeded, int RunsFailed, int RunsPending, double TotalCost,
    Guid? BestRunId, MixtureView? Best, MixtureView? Optimum, RecommendationDocument? Recommendation, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, StudySpec Spec, IReadOnlyList<RunView> Runs);

/// <summary>How views name a mixture: by domain, in the study's order. Rows become views in <c>Application/StudyViewRows</c>.</summary>
public static class StudyViews
{
    public static IReadOnlyDictionary<string, double> Named(IReadOnlyList<string> domains, double[] weights) =>
        domains.Select((d, i) => (d, w: weights[i])).ToDictionary(p => p.d, p => p.w);
}

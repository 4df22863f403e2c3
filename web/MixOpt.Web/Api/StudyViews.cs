using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

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

public static class StudyViews
{
    public static StudySummaryView Summary(StudyRow s) =>
        new(s.Id, s.Name, s.Status, s.Strategy, s.RunBudget, s.BestValue, s.CreatedAt, s.CompletedAt);

    /// <summary>A study with its runs and each finished run's metrics (per-domain losses) and result artifact.</summary>
    public static async Task<StudyDetailsView> LoadAsync(StudyLedger ledger, StudyRow study, CancellationToken ct = default) =>
        Details(study, await ledger.RunsAsync(study.Id, ct), await ledger.ResultsAsync(study.Id, ct));

    public static StudyDetailsView Details(StudyRow s, IReadOnlyList<RunRow> runs, IReadOnlyList<RunResultRow> results)
    {
        var resultByRun = results.ToDictionary(r => r.RunId);
        var spec = StudySpecJson.Deserialize(s.Spec);
        var domains = spec.DomainNames;
        return new StudyDetailsView(
            s.Id, s.Name, s.Status, s.Strategy, s.Seed, domains, s.RunBudget,
            RunsSucceeded: runs.Count(r => r.State == RunState.Succeeded),
            RunsFailed: runs.Count(r => r.State == RunState.Failed),
            RunsPending: runs.Count(r => r.State.IsPending()),
            TotalCost: runs.Where(r => r.State == RunState.Succeeded).Sum(r => r.Cost ?? 0),
            s.BestRunId,
            Best: s.BestMixture is null || s.BestValue is null ? null : new MixtureView(Named(domains, s.BestMixture), s.BestValue.Value),
            Optimum: s.OptimumMixture is null || s.OptimumValue is null ? null : new MixtureView(Named(domains, s.OptimumMixture), s.OptimumValue.Value),
            InDomainOrder(StudyLedger.ReadRecommendation(s), domains), s.Error, s.CreatedAt, s.CompletedAt, spec,
            runs.Select(r => new RunView(r.Id, r.Ordinal, r.Round, r.State, r.Attempts, Named(domains, r.Mixture), r.Fidelity,
                r.Objective, r.Cost, r.Worker, r.Error, r.CreatedAt, r.StartedAt, r.FinishedAt,
                resultByRun.GetValueOrDefault(r.Id)?.Metrics.ToDictionary(m => m.Name, m => m.Value),
                resultByRun.GetValueOrDefault(r.Id)?.ArtifactUri)).ToList());
    }

    // jsonb keeps object keys in its own order (shortest first), so the mixture is put back in the study's order.
    private static RecommendationDocument? InDomainOrder(RecommendationDocument? r, IReadOnlyList<string> domains) =>
        r is null ? null : r with { Mixture = domains.Where(r.Mixture.ContainsKey).ToDictionary(d => d, d => r.Mixture[d]) };

    public static IReadOnlyDictionary<string, double> Named(IReadOnlyList<string> domains, double[] weights) =>
        domains.Select((d, i) => (d, w: weights[i])).ToDictionary(p => p.d, p => p.w);
}

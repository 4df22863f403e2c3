using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>The ledger's study and run rows as the views the REST API and the dashboard show (the one place that maps them).</summary>
public static class StudyViewRows
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
            Best: s.BestMixture is null || s.BestValue is null ? null : new MixtureView(StudyViews.Named(domains, s.BestMixture), s.BestValue.Value),
            Optimum: s.OptimumMixture is null || s.OptimumValue is null ? null : new MixtureView(StudyViews.Named(domains, s.OptimumMixture), s.OptimumValue.Value),
            InDomainOrder(StudyLedger.ReadRecommendation(s), spec), s.Error, s.CreatedAt, s.CompletedAt, spec,
            runs.Select(r => new RunView(r.Id, r.Ordinal, r.Round, r.State, r.Attempts, StudyViews.Named(domains, r.Mixture), r.Fidelity,
                r.Objective, r.Cost, r.Worker, r.Error, r.CreatedAt, r.StartedAt, r.FinishedAt,
                resultByRun.GetValueOrDefault(r.Id)?.Metrics.ToDictionary(m => m.Name, m => m.Value),
                resultByRun.GetValueOrDefault(r.Id)?.ArtifactUri)).ToList());
    }

    // jsonb keeps object keys in its own order (shortest first), so the mixture is put back in the study's order.
    // A hierarchical study's recommendation also gets its per-level view.
    private static RecommendationDocument? InDomainOrder(RecommendationDocument? r, StudySpec spec)
    {
        if (r is null) return null;
        var mixture = spec.DomainNames.Where(r.Mixture.ContainsKey).ToDictionary(d => d, d => r.Mixture[d]);
        return r with { Mixture = mixture, Levels = StudyHierarchy.LevelsOf(spec, mixture) };
    }
}

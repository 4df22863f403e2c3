using System.Text.Json;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Ledger;
using MixOpt.Ledger.Studies;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>The current recommendation, or why there is none: the study does not exist, or has nothing to recommend yet.</summary>
public sealed record RecommendationLookup(bool Found, RecommendationView? View, string? NothingYet);

/// <summary>
/// What a study says so far, for the REST reports and the dashboard alike. The recommendation and the surrogate table
/// are the study grain's: it fits them off its scheduler and caches them until the next result, and the cache goes with
/// the grain when the study is deleted, so nothing is fitted or cached here. Progress is read from the ledger's runs.
/// </summary>
public sealed class StudyReports(IGrainFactory grains, StudyLedger ledger, StudySpecCache specs)
{
    public async Task<RecommendationLookup> RecommendationAsync(Guid id, CancellationToken ct = default)
    {
        var current = await grains.GetGrain<IStudyGrain>(id).Recommendation();
        if (!current.Found || await specs.FindAsync(id, ct) is not { } spec) return new RecommendationLookup(false, null, null);
        var document = Read(current);
        if (document is null)
            return new RecommendationLookup(true, null, current.Observations == 0
                ? $"Study {id} has no succeeded run yet."
                : $"Study {id}'s strategy '{spec.Strategy}' cannot recommend from {current.Observations} runs yet.");
        // jsonb keeps object keys in its own order, so the mixture is put back in the study's domain order.
        var mixture = spec.DomainNames.Where(document.Mixture.ContainsKey).ToDictionary(d => d, d => document.Mixture[d]);
        return new RecommendationLookup(true,
            new RecommendationView(id, current.Final, current.Observations, mixture, document.Predicted, document.StdDev, document.Basis, document.Surrogates)
            {
                Levels = StudyHierarchy.LevelsOf(spec, mixture),
                Front = document.Front,
                NoFeasiblePoint = document.NoFeasiblePoint,
            }, null);
    }

    /// <summary>The surrogates' cross-validation table, best first (empty before there is one); null when there is no such study.</summary>
    public async Task<IReadOnlyList<SurrogateScoreDocument>?> SurrogatesAsync(Guid id)
    {
        var current = await grains.GetGrain<IStudyGrain>(id).Recommendation();
        if (!current.Found) return null;
        return Read(current)?.Surrogates ?? [];
    }

    /// <summary>Every succeeded run in the order its result came in, with cost spent and best so far; null when there is no such study.</summary>
    public async Task<IReadOnlyList<ProgressPoint>?> ProgressAsync(Guid id, CancellationToken ct = default)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return null;
        var spec = StudySpecJson.Deserialize(study.Spec);
        var runs = (await ledger.RunsAsync(id, ct)).Where(r => r.State == RunState.Succeeded && r.Objective is not null)
            .OrderBy(r => r.FinishedAt).ThenBy(r => r.Ordinal).ToList();
        var points = new List<ProgressPoint>(runs.Count);
        double cost = 0, best = double.NaN;
        foreach (var r in runs)
        {
            cost += r.Cost ?? 0;
            if (double.IsNaN(best) || spec.Objective.IsBetter(r.Objective!.Value, best)) best = r.Objective!.Value;
            points.Add(new ProgressPoint(points.Count, r.Id, r.Ordinal, r.Fidelity, cost, r.Objective!.Value, best));
        }
        return points;
    }

    private static RecommendationDocument? Read(StudyRecommendation current) =>
        current.DocumentJson is null ? null : JsonSerializer.Deserialize<RecommendationDocument>(current.DocumentJson, StudySpecJson.Options);
}

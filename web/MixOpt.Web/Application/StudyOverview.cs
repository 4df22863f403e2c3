using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>A study's page header: what GET /api/studies/{id} says about it, without its runs.</summary>
public sealed record StudyOverviewView(
    Guid Id, string Name, StudyStatus Status, string Strategy, int Seed, IReadOnlyList<string> Domains,
    int RunBudget, int RunsSucceeded, int RunsFailed, int RunsPending, double TotalCost,
    MixtureView? Best, MixtureView? Optimum, RecommendationDocument? Recommendation, string? Error, StudySpec Spec);

/// <summary>
/// The header of a study's page, read every tick of a live page: the study row and its runs counted by state in
/// PostgreSQL, so its cost does not grow with the number of runs the page would otherwise load.
/// </summary>
public sealed class StudyOverview(IDbContextFactory<LedgerDbContext> contexts, StudyLedger ledger)
{
    public async Task<StudyOverviewView?> FindAsync(Guid id, CancellationToken ct = default)
    {
        if (await ledger.FindStudyAsync(id, ct) is not { } s) return null;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var byState = await db.Runs.Where(r => r.StudyId == id).GroupBy(r => r.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Cost = g.Sum(r => r.Cost ?? 0) }).ToListAsync(ct);
        int Count(Func<RunState, bool> which) => byState.Where(x => which(x.State)).Sum(x => x.Count);
        var spec = StudySpecJson.Deserialize(s.Spec);
        var domains = spec.DomainNames;
        var recommendation = StudyLedger.ReadRecommendation(s);
        // jsonb keeps its own key order, so the mixture is put back in the study's; a hierarchical study's card also shows it per level.
        var mixture = recommendation is null ? null : domains.Where(recommendation.Mixture.ContainsKey).ToDictionary(d => d, d => recommendation.Mixture[d]);
        return new StudyOverviewView(s.Id, s.Name, s.Status, s.Strategy, s.Seed, domains, s.RunBudget,
            Count(x => x == RunState.Succeeded), Count(x => x == RunState.Failed), Count(x => x.IsPending()),
            byState.Where(x => x.State == RunState.Succeeded).Sum(x => x.Cost),
            s.BestMixture is null || s.BestValue is null ? null : new MixtureView(StudyViews.Named(domains, s.BestMixture), s.BestValue.Value),
            s.OptimumMixture is null || s.OptimumValue is null ? null : new MixtureView(StudyViews.Named(domains, s.OptimumMixture), s.OptimumValue.Value),
            recommendation is null ? null : recommendation with { Mixture = mixture!, Levels = StudyHierarchy.LevelsOf(spec, mixture!) },
            s.Error, spec);
    }
}

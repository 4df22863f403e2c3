using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Ledger;

namespace MixOpt.Web.Application;

/// <summary>One study's best-so-far vs cumulative cost, for overlaying on others with the same objective.</summary>
public sealed record ComparedStudy(Guid Id, string Name, string Strategy, StudyStatus Status, string Objective,
    IReadOnlyList<ProgressChartPoint> Progress, double? OptimumValue);

/// <summary>The compare view: studies picked by id, kept only when they share the first one's objective.</summary>
public sealed record ComparisonView(IReadOnlyList<ComparedStudy> Studies, IReadOnlyList<string> Refused);

/// <summary>
/// Overlays the progress of two or more studies. Curves are comparable only for the same objective (metric or
/// weights, and direction); a study with another objective is left out and named, not drawn on the wrong axis.
/// </summary>
public sealed class StudyComparison(IDbContextFactory<LedgerDbContext> contexts)
{
    public const int MaxStudies = 8;

    public async Task<ComparisonView> CompareAsync(IReadOnlyList<Guid> ids, CancellationToken ct = default)
    {
        var studies = new List<ComparedStudy>();
        var refused = new List<string>();
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var id in ids.Distinct().Take(MaxStudies))
        {
            var row = await db.Studies.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new { s.Id, s.Name, s.Strategy, s.Status, s.Spec, s.OptimumValue }).FirstOrDefaultAsync(ct);
            if (row is null) { refused.Add($"{id}: no such study"); continue; }
            var spec = StudySpecJson.Deserialize(row.Spec);
            var objective = ObjectiveKey(spec.Objective);
            if (studies.Count > 0 && studies[0].Objective != objective)
            {
                refused.Add($"{row.Name}: its objective ({objective}) is not {studies[0].Objective}");
                continue;
            }
            var runs = await db.Runs.AsNoTracking().Where(r => r.StudyId == id && r.State == RunState.Succeeded && r.Objective != null)
                .Select(r => new { r.Ordinal, r.Fidelity, r.Objective, r.Cost, r.FinishedAt }).ToListAsync(ct);
            var rungs = new RungNames(spec);
            var progress = new List<ProgressChartPoint>(runs.Count);
            double cost = 0, best = double.NaN;
            foreach (var r in runs.OrderBy(r => r.FinishedAt).ThenBy(r => r.Ordinal))
            {
                cost += r.Cost ?? 0;
                if (double.IsNaN(best) || spec.Objective.IsBetter(r.Objective!.Value, best)) best = r.Objective!.Value;
                progress.Add(new ProgressChartPoint(r.Ordinal, rungs[r.Fidelity], cost, r.Objective!.Value, best));
            }
            studies.Add(new ComparedStudy(row.Id, row.Name, row.Strategy, row.Status, objective, progress, row.OptimumValue));
        }
        return new ComparisonView(studies, refused);
    }

    public static string ObjectiveKey(ObjectiveSpec objective) =>
        (objective.Weights is { Count: > 0 } w
            ? string.Join(" + ", w.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}·{p.Key}"))
            : objective.Metric) + (objective.Minimize ? ", minimize" : ", maximize");
}

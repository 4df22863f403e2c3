using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MixOpt.Artifacts;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

namespace MixOpt.Web.Application;

/// <summary>
/// The runs table and a run's page. Paging, sorting and filtering happen in PostgreSQL (the (study_id, ordinal) and
/// (study_id, state) indexes), so a page of a 10,000-run study reads one page of rows; metrics are read for that
/// page only. A run's loss curve is read from its result document in blob storage when the page opens.
/// </summary>
public sealed class RunPages(IDbContextFactory<LedgerDbContext> contexts, IArtifactStore artifacts)
{
    public const int MaxTake = 500;
    public static readonly IReadOnlyList<string> SortColumns = ["ordinal", "objective", "cost", "attempts", "state"];

    /// <summary>Null when there is no such study; throws <see cref="ArgumentException"/> for a bad query.</summary>
    public async Task<RunPage?> PageAsync(Guid studyId, RunPageQuery query, CancellationToken ct = default)
    {
        if (query.Skip < 0 || query.Take is < 1 or > MaxTake)
            throw new ArgumentException($"skip must be >= 0 and take between 1 and {MaxTake}.");
        if (query.SortBy is { } sort && !SortColumns.Contains(sort))
            throw new ArgumentException($"sort must be one of {string.Join(", ", SortColumns)}.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var spec = await db.Studies.AsNoTracking().Where(s => s.Id == studyId).Select(s => s.Spec).FirstOrDefaultAsync(ct);
        if (spec is null) return null;
        var rungs = new RungNames(StudySpecJson.Deserialize(spec));

        var runs = db.Runs.AsNoTracking().Where(r => r.StudyId == studyId);
        if (query.State is { } state) runs = runs.Where(r => r.State == state);
        if (query.Fidelity is { } fidelity) runs = runs.Where(r => r.Fidelity == fidelity);
        if (query.MinAttempts is { } attempts) runs = runs.Where(r => r.Attempts >= attempts);
        var total = await runs.CountAsync(ct);
        // Runs without an objective (pending, failed) sort last either way; ordinal breaks ties so pages are stable.
        runs = (query.SortBy ?? "ordinal", query.Descending) switch
        {
            ("objective", false) => runs.OrderBy(r => r.Objective == null).ThenBy(r => r.Objective).ThenBy(r => r.Ordinal),
            ("objective", true) => runs.OrderBy(r => r.Objective == null).ThenByDescending(r => r.Objective).ThenBy(r => r.Ordinal),
            ("cost", false) => runs.OrderBy(r => r.Cost == null).ThenBy(r => r.Cost).ThenBy(r => r.Ordinal),
            ("cost", true) => runs.OrderBy(r => r.Cost == null).ThenByDescending(r => r.Cost).ThenBy(r => r.Ordinal),
            ("attempts", false) => runs.OrderBy(r => r.Attempts).ThenBy(r => r.Ordinal),
            ("attempts", true) => runs.OrderByDescending(r => r.Attempts).ThenBy(r => r.Ordinal),
            ("state", false) => runs.OrderBy(r => r.State).ThenBy(r => r.Ordinal),
            ("state", true) => runs.OrderByDescending(r => r.State).ThenBy(r => r.Ordinal),
            (_, true) => runs.OrderByDescending(r => r.Ordinal),
            _ => runs.OrderBy(r => r.Ordinal),
        };
        var page = await runs.Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        var ids = page.Select(r => r.Id).ToList();
        var metrics = (await db.RunMetrics.AsNoTracking().Where(m => ids.Contains(m.RunId)).ToListAsync(ct))
            .GroupBy(m => m.RunId).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.ToDictionary(m => m.Name, m => m.Value));
        return new RunPage(page.Select(r => new RunRowView(r.Id, r.Ordinal, r.State, r.Attempts, rungs[r.Fidelity], r.Mixture,
            r.Objective, r.Cost, r.Worker, r.Error, metrics.GetValueOrDefault(r.Id))).ToList(), total);
    }

    /// <summary>Null when the study has no run with that ordinal.</summary>
    public async Task<RunDetailView?> DetailAsync(Guid studyId, int ordinal, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var study = await db.Studies.AsNoTracking().Where(s => s.Id == studyId).Select(s => new { s.Name, s.Spec }).FirstOrDefaultAsync(ct);
        if (study is null) return null;
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.StudyId == studyId && r.Ordinal == ordinal, ct);
        if (run is null) return null;
        var spec = StudySpecJson.Deserialize(study.Spec);
        var attempts = await db.RunAttempts.AsNoTracking().Where(a => a.RunId == run.Id).OrderBy(a => a.Attempt).ToListAsync(ct);
        var result = await db.RunResults.AsNoTracking().Include(r => r.Metrics).FirstOrDefaultAsync(r => r.RunId == run.Id, ct);
        var curve = result?.ArtifactUri is { } uri ? await LossCurveAsync(uri, ct) : null;
        return new RunDetailView(run.Id, studyId, study.Name, run.Ordinal, run.State, new RungNames(spec)[run.Fidelity], spec.DomainNames,
            run.Mixture, run.Objective, run.Cost, run.Worker, run.Error,
            result?.Metrics.ToDictionary(m => m.Name, m => m.Value) ?? new Dictionary<string, double>(),
            attempts.Select(a => new RunAttemptView(a.Attempt, a.Worker, a.StartedAt, a.EndedAt, a.Outcome.ToString(), a.Reason)).ToList(),
            curve, result?.ArtifactUri);
    }

    // The result document's blob path is the URI's path after the container (ArtifactPaths spells it from "studies/").
    private async Task<IReadOnlyList<double>?> LossCurveAsync(string uri, CancellationToken ct)
    {
        var path = Uri.UnescapeDataString(new Uri(uri).AbsolutePath);
        var at = path.IndexOf("/studies/", StringComparison.Ordinal);
        if (at < 0) return null;
        var content = await artifacts.GetAsync(path[(at + 1)..], ct);
        if (content is null) return null;
        using var document = JsonDocument.Parse(content.ToMemory());
        if (!document.RootElement.TryGetProperty("lossCurve", out var curve) || curve.ValueKind != JsonValueKind.Array) return null;
        return curve.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetDouble()).ToList();
    }
}

using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;
using MixOpt.Ledger.Recommendations;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

namespace MixOpt.Web.Application;

/// <summary>
/// The study page's plots from the ledger: one narrow query over the study's finished runs (no metrics, no artifacts),
/// the best-so-far series in the order results came in (as GET /api/studies/{id}/progress computes it), the transfer
/// of objectives between rungs for mixtures run at more than one, and the recommendation's history (bounded). No grain
/// is asked: the current recommendation is the stored final one, else the history's latest row, so drawing a page never
/// fits a model. <see cref="VersionAsync"/> is the cheap question a live page asks every tick; when it changes,
/// <see cref="LoadAsync"/> given the page's previous view reads only the runs finished since. A page with no view yet
/// starts from the latest one any page of the host loaded for the study (<see cref="SharedChartViews"/>).
/// </summary>
public sealed class StudyCharts(IDbContextFactory<LedgerDbContext> contexts, RecommendationHistoryLedger history, SharedChartViews shared)
{
    /// <summary>The most history rows a page draws (a longer history is thinned evenly, keeping the latest).</summary>
    public const int MaxHistory = 500;

    public async Task<ChartVersion> VersionAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var finished = db.Runs.Where(r => r.StudyId == studyId && r.FinishedAt != null);
        var count = await finished.CountAsync(ct);
        var last = count == 0 ? null : await finished.MaxAsync(r => r.FinishedAt, ct);
        return new ChartVersion(count, last);
    }

    /// <summary>
    /// Null when there is no such study. With <paramref name="previous"/> (this study's view drawn before) only the runs
    /// that finished since are read and merged in; a full read happens when the merge does not add up to the ledger's
    /// count (a result committed late with an earlier timestamp). Without one, the host's shared view of the study is the
    /// previous view; when no run has finished since it, its runs, progress and transfer are reused as they are (the
    /// recommendation and its history are read again: they are written after the runs).
    /// </summary>
    public async Task<StudyChartsView?> LoadAsync(Guid studyId, StudyChartsView? previous = null, CancellationToken ct = default)
    {
        if (previous is null || previous.StudyId != studyId) previous = shared.Find(studyId);
        var view = await ReadAsync(studyId, previous, ct);
        if (view is not null) shared.Keep(view);
        return view;
    }

    private async Task<StudyChartsView?> ReadAsync(Guid studyId, StudyChartsView? previous, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var study = await db.Studies.AsNoTracking().Where(s => s.Id == studyId)
            .Select(s => new { s.Spec, s.OptimumValue, s.Recommendation }).FirstOrDefaultAsync(ct);
        if (study is null) return null;
        var spec = StudySpecJson.Deserialize(study.Spec);
        var rungs = new RungNames(spec);
        string Rung(double fidelity) => rungs[fidelity];

        var finishedRuns = db.Runs.AsNoTracking().Where(r => r.StudyId == studyId && r.FinishedAt != null);
        IQueryable<RunRow> Since(DateTimeOffset? after) => after is { } t ? finishedRuns.Where(r => r.FinishedAt >= t) : finishedRuns;
        async Task<List<ChartRun>> ReadAsync(DateTimeOffset? after) => (await Since(after)
                .Select(r => new { r.Ordinal, r.State, r.Fidelity, r.Mixture, r.Objective, r.Cost, r.FinishedAt }).ToListAsync(ct))
            .Select(r => new ChartRun(r.Ordinal, r.State, Rung(r.Fidelity), r.Mixture, r.Objective, r.Cost, r.FinishedAt, r.Fidelity)).ToList();

        var band = (await history.ReadAsync(studyId, MaxHistory, ct))
            .Select(h => new RecommendationPoint(h.Observations, h.Cost, h.Predicted, h.StdDev, h.Final)).ToList();
        var recommendation = Current(spec, study.Recommendation, await LatestAsync(db, studyId, ct));
        if (previous is not null && previous.StudyId == studyId && previous.Version == await VersionAsync(studyId, ct))
            return previous with { Recommendation = recommendation, OptimumValue = study.OptimumValue, History = band };

        List<ChartRun> runs;
        if (previous is not null && previous.StudyId == studyId && previous.Version.LastFinishedAt is { } last)
        {
            var merged = previous.Runs.ToDictionary(r => r.Ordinal);
            foreach (var r in await ReadAsync(last)) merged[r.Ordinal] = r;
            runs = merged.Values.ToList();
            if (runs.Count != await finishedRuns.CountAsync(ct)) runs = await ReadAsync(null);
        }
        else runs = await ReadAsync(null);
        runs.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));

        // The /progress series: succeeded runs in the order their results came in, cost accumulated along it.
        var progress = new List<ProgressChartPoint>();
        double cost = 0, best = double.NaN;
        foreach (var r in runs.Where(r => r.State == RunState.Succeeded && r.Objective is not null).OrderBy(r => r.FinishedAt).ThenBy(r => r.Ordinal))
        {
            cost += r.Cost ?? 0;
            if (double.IsNaN(best) || spec.Objective.IsBetter(r.Objective!.Value, best)) best = r.Objective!.Value;
            progress.Add(new ProgressChartPoint(r.Ordinal, r.Rung, cost, r.Objective!.Value, best));
        }

        var succeeded = runs.Where(r => r.State == RunState.Succeeded && r.Objective is not null)
            .Select(r => (r.Ordinal, r.Fidelity, Mixture: r.Mixture.ToArray(), Objective: r.Objective!.Value)).ToList();
        var transfer = Transfer(succeeded, Rung);

        var version = new ChartVersion(runs.Count, runs.Count == 0 ? null : runs.Max(r => r.FinishedAt));
        return new StudyChartsView(studyId, spec.DomainNames, RungOrder(rungs, runs), spec.Objective.Minimize,
            spec.Objective.Metric ?? "objective", runs, progress, transfer, recommendation, study.OptimumValue, version, band, spec.Seed);
    }

    // The stored final recommendation; while the study runs, the history's latest.
    private static RecommendationBand? Current(StudySpec spec, string? stored, RecommendationHistoryRow? latest)
    {
        if (stored is not null && System.Text.Json.JsonSerializer.Deserialize<RecommendationDocument>(stored, StudySpecJson.Options) is { } doc)
            return new RecommendationBand(doc.Predicted, doc.StdDev, doc.Basis,
                spec.DomainNames.Where(doc.Mixture.ContainsKey).ToDictionary(d => d, d => doc.Mixture[d]));
        return latest is null || latest.Mixture.Length != spec.DomainNames.Count ? null
            : new RecommendationBand(latest.Predicted, latest.StdDev, latest.Basis,
                spec.DomainNames.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => latest.Mixture[p.i]));
    }

    private static Task<RecommendationHistoryRow?> LatestAsync(LedgerDbContext db, Guid studyId, CancellationToken ct) =>
        db.RecommendationHistory.AsNoTracking().Where(h => h.StudyId == studyId).OrderByDescending(h => h.Observations).FirstOrDefaultAsync(ct);

    /// <summary>
    /// For every pair of rungs, the mixtures run at both (the same weights to 1e-9) and the rank correlation of their
    /// objectives: the number that says whether the cheaper rung's ranking can be trusted at the dearer one.
    /// </summary>
    public static IReadOnlyList<RungTransfer> Transfer(
        IReadOnlyList<(int Ordinal, double Fidelity, double[] Mixture, double Objective)> succeeded, Func<double, string> rung)
    {
        var byMixture = succeeded.GroupBy(r => MixtureKey(r.Mixture)).Where(g => g.Select(r => r.Fidelity).Distinct().Count() > 1);
        var pairs = new Dictionary<(double From, double To), List<TransferPoint>>();
        foreach (var group in byMixture)
        {
            // One run per rung for each mixture: the first one made.
            var atRung = group.GroupBy(r => r.Fidelity).Select(g => g.MinBy(r => r.Ordinal)).OrderBy(r => r.Fidelity).ToList();
            for (var i = 0; i < atRung.Count; i++)
                for (var j = i + 1; j < atRung.Count; j++)
                {
                    var key = (atRung[i].Fidelity, atRung[j].Fidelity);
                    if (!pairs.TryGetValue(key, out var list)) pairs[key] = list = [];
                    list.Add(new TransferPoint(atRung[i].Ordinal, atRung[j].Ordinal, atRung[i].Objective, atRung[j].Objective));
                }
        }
        return pairs.OrderBy(p => p.Key.From).ThenBy(p => p.Key.To)
            .Select(p =>
            {
                var points = p.Value.OrderBy(x => x.FromOrdinal).ToList();
                double? spearman = points.Count >= 3 ? RankCorrelation.Spearman(points.Select(x => x.From).ToArray(), points.Select(x => x.To).ToArray()) : null;
                return new RungTransfer(rung(p.Key.From), rung(p.Key.To), points, spearman is { } s && double.IsFinite(s) ? s : null);
            }).ToList();
    }

    private static string MixtureKey(double[] mixture) =>
        string.Join(",", mixture.Select(w => Math.Round(w, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    // Rungs cheapest first, as the spec ladders them; rungs seen only in runs (imported) after.
    private static IReadOnlyList<string> RungOrder(RungNames rungs, IReadOnlyList<ChartRun> runs)
    {
        var names = rungs.InOrder.ToList();
        foreach (var r in runs.Select(r => r.Rung).Distinct())
            if (!names.Contains(r)) names.Add(r);
        return names;
    }
}

using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;
using MixOpt.Grains;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

namespace MixOpt.Web.Application;

/// <summary>
/// The study page's plots from the ledger: one narrow query over the study's runs (no metrics, no artifacts), the
/// best-so-far series in the order results came in (as GET /api/studies/{id}/progress computes it), and the transfer
/// of objectives between rungs for mixtures run at more than one. <see cref="VersionAsync"/> is the cheap question a
/// live page asks every tick; the series are read again only when it changes.
/// </summary>
public sealed class StudyCharts(IDbContextFactory<LedgerDbContext> contexts, IGrainFactory grains)
{
    public async Task<ChartVersion> VersionAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var finished = db.Runs.Where(r => r.StudyId == studyId && r.FinishedAt != null);
        var count = await finished.CountAsync(ct);
        var last = count == 0 ? null : await finished.MaxAsync(r => r.FinishedAt, ct);
        return new ChartVersion(count, last);
    }

    /// <summary>Null when there is no such study.</summary>
    public async Task<StudyChartsView?> LoadAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var study = await db.Studies.AsNoTracking().Where(s => s.Id == studyId)
            .Select(s => new { s.Spec, s.OptimumValue }).FirstOrDefaultAsync(ct);
        if (study is null) return null;
        var spec = StudySpecJson.Deserialize(study.Spec);
        var rows = await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId)
            .Select(r => new { r.Ordinal, r.State, r.Fidelity, r.Mixture, r.Objective, r.Cost, r.FinishedAt })
            .ToListAsync(ct);

        var rungs = new RungNames(spec);
        string Rung(double fidelity) => rungs[fidelity];

        var runs = rows.OrderBy(r => r.Ordinal)
            .Select(r => new ChartRun(r.Ordinal, r.State, Rung(r.Fidelity), r.Mixture, r.Objective, r.Cost)).ToList();

        // The /progress series: succeeded runs in the order their results came in, cost accumulated along it.
        var progress = new List<ProgressChartPoint>();
        double cost = 0, best = double.NaN;
        foreach (var r in rows.Where(r => r.State == RunState.Succeeded && r.Objective is not null).OrderBy(r => r.FinishedAt).ThenBy(r => r.Ordinal))
        {
            cost += r.Cost ?? 0;
            if (double.IsNaN(best) || spec.Objective.IsBetter(r.Objective!.Value, best)) best = r.Objective!.Value;
            progress.Add(new ProgressChartPoint(r.Ordinal, Rung(r.Fidelity), cost, r.Objective!.Value, best));
        }

        var succeeded = rows.Where(r => r.State == RunState.Succeeded && r.Objective is not null)
            .Select(r => (r.Ordinal, r.Fidelity, Mixture: r.Mixture, Objective: r.Objective!.Value)).ToList();
        var transfer = Transfer(succeeded, Rung);

        // The study grain keeps the current recommendation (final once the study completed) until its next result.
        var current = await grains.GetGrain<IStudyGrain>(studyId).Recommendation();
        var recommendation = current.DocumentJson is { } json
            && System.Text.Json.JsonSerializer.Deserialize<RecommendationDocument>(json, StudySpecJson.Options) is { } doc
            ? new RecommendationBand(doc.Predicted, doc.StdDev, doc.Basis,
                spec.DomainNames.Where(doc.Mixture.ContainsKey).ToDictionary(d => d, d => doc.Mixture[d]))
            : null;
        var finished = rows.Where(r => r.FinishedAt is not null).ToList();
        var version = new ChartVersion(finished.Count, finished.Count == 0 ? null : finished.Max(r => r.FinishedAt));
        return new StudyChartsView(studyId, spec.DomainNames, RungOrder(rungs, runs), spec.Objective.Minimize,
            spec.Objective.Metric ?? "objective", runs, progress, transfer, recommendation, study.OptimumValue, version);
    }

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

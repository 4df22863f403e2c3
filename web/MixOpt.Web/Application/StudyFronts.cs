using System.Globalization;
using System.Text;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>
/// A study's Pareto front, computed from the ledger on each read (finished runs never change, and the front of a few
/// thousand runs costs milliseconds): every objective is scored from each succeeded target-rung run's metrics; a run
/// missing one takes no part. Also written as CSV (<c>run, ordinal, front, w:…, m:…</c>) for export.
/// </summary>
public sealed class StudyFronts(StudyLedger ledger)
{
    public async Task<StudyFrontView?> FrontAsync(Guid id, CancellationToken ct = default)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return null;
        var spec = StudySpecJson.Deserialize(study.Spec);
        var target = spec.TargetFidelity.Value;
        var results = (await ledger.ResultsAsync(id, ct)).ToDictionary(r => r.RunId);
        var names = spec.ObjectiveNames();
        var points = new List<FrontPointView>();
        var values = new List<IReadOnlyList<double>>();
        foreach (var run in await ledger.RunsAsync(id, ct))
        {
            if (run.State != RunState.Succeeded || run.Fidelity != target || !results.TryGetValue(run.Id, out var result)) continue;
            double[] scores;
            try { scores = spec.Scores(result.Metrics.ToDictionary(m => m.Name, m => m.Value)); }
            catch (ArgumentException) { continue; }
            points.Add(new FrontPointView(run.Id, run.Ordinal, StudyViews.Named(spec.DomainNames, run.Mixture), Named(names, scores)));
            values.Add(scores);
        }
        var front = ParetoFront.Indices(values, spec.Minimize()).ToHashSet();
        return new StudyFrontView(id,
            spec.ObjectiveList().Select((o, j) => new FrontObjectiveView(names[j], o.Minimize ? "minimize" : "maximize")).ToArray(),
            points.Where((_, i) => front.Contains(i)).ToArray(), points.Where((_, i) => !front.Contains(i)).ToArray());
    }

    /// <summary>The front view as CSV: one row per run, front runs first, <c>front</c> = 1 on the front.</summary>
    public static string Csv(StudyFrontView view)
    {
        var all = view.Front.Select(p => (p, front: 1)).Concat(view.Dominated.Select(p => (p, front: 0))).ToArray();
        var domains = all.Length == 0 ? [] : all[0].p.Mixture.Keys.ToArray();
        var text = new StringBuilder();
        text.AppendJoin(',', new[] { "run", "ordinal", "front" }.Concat(domains.Select(d => "w:" + d)).Concat(view.Objectives.Select(o => "m:" + o.Metric))).Append('\n');
        foreach (var (p, front) in all)
            text.AppendJoin(',', new[] { p.RunId.ToString(), p.Ordinal.ToString(CultureInfo.InvariantCulture), front.ToString(CultureInfo.InvariantCulture) }
                .Concat(domains.Select(d => p.Mixture[d].ToString("R", CultureInfo.InvariantCulture)))
                .Concat(view.Objectives.Select(o => p.Values[o.Metric].ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        return text.ToString();
    }

    private static Dictionary<string, double> Named(IReadOnlyList<string> names, IReadOnlyList<double> values) =>
        names.Select((n, i) => (n, v: values[i])).ToDictionary(p => p.n, p => p.v);
}

using System.Security.Claims;
using MixOpt.Core.RunTables;
using MixOpt.Core.Studies;
using MixOpt.Grains.AskTell;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>One parsed row of an import as the dashboard previews it: its CSV line, mixture, fidelity, cost, metrics and objective.</summary>
public sealed record RunImportRow(int Line, IReadOnlyList<double> Weights, double? Fidelity, double Cost, IReadOnlyDictionary<string, double> Metrics, double? Objective);

/// <summary>An error of an import, placed at the CSV line and column it is about (null when it is about the whole file or row).</summary>
public sealed record RunImportError(int? Line, string? Column, string Message)
{
    public string Where => (Line, Column) switch
    {
        ({ } l, { } c) => $"line {l}, column {c}",
        ({ } l, null) => $"line {l}",
        (null, { } c) => $"column {c}",
        _ => "file",
    };
}

/// <summary>
/// What a run table came to against a study: its domains and metric columns, every parsed row, and the errors of
/// the parser or the validator. <see cref="Valid"/> is true only when there are rows and no error.
/// </summary>
public sealed record RunImportPreview(IReadOnlyList<string> Domains, IReadOnlyList<string> Metrics, IReadOnlyList<RunImportRow> Rows, IReadOnlyList<RunImportError> Errors)
{
    public bool Valid => Rows.Count > 0 && Errors.Count == 0;

    public static RunImportPreview Failed(RunImportError error) => new([], [], [], [error]);
}

/// <summary>The study an import goes to, as the import page shows it, with a header line its table could have.</summary>
public sealed record RunImportTarget(string Name, IReadOnlyList<string> Domains, StudyStatus Status, string ExampleHeader);

/// <summary>What importing came to: how many runs were written, or why none was.</summary>
public sealed record RunImportResult(int Imported, string Message);

/// <summary>
/// Importing past runs from a run-table CSV (the <c>w:&lt;domain&gt;</c> / <c>m:&lt;metric&gt;</c> layout that export and
/// <c>mixopt runs export</c> write), shared by <c>POST /api/studies/{id}/import</c> and the dashboard's import page: the
/// same parser (<see cref="RunTableParser"/>), the same row conversion and the same per-run validator
/// (<see cref="ObservedRuns"/>), so the page shows exactly the errors the REST API answers, and writes all rows or none.
/// Writing needs write scope, checked here for the signed-in user.
/// </summary>
public sealed class RunTableImport(AskTellService askTell)
{
    /// <summary>The most errors one import reports (between rows; each row bounds its own, see <see cref="ObservedRuns.MaxNamedPerRow"/>).</summary>
    public const int MaxErrors = 50;

    /// <summary>Rows of a parsed table as observed runs; metric names go through <paramref name="metricName"/> (RegMix's domain losses become <c>loss:&lt;domain&gt;</c>).</summary>
    public static IReadOnlyList<ObservedRunRequest> FromTable(RunTable table, Func<string, string> metricName) =>
        table.Rows.Select(r => new ObservedRunRequest
        {
            Mixture = table.Domains.Select((d, i) => (d, w: r.Weights[i])).ToDictionary(p => p.d, p => p.w),
            Fidelity = r.Fidelity,
            Cost = r.Cost,
            Metrics = table.Metrics.Select((m, i) => (m: metricName(m), v: r.Metrics[i])).Where(p => !double.IsNaN(p.v)).ToDictionary(p => p.m, p => p.v),
        }).ToList();

    /// <summary>
    /// Every row checked against <paramref name="spec"/> as POST /runs checks one; errors are keyed <c>runs[i].member</c>
    /// and stop after <see cref="MaxErrors"/> keys.
    /// </summary>
    public static (IReadOnlyList<ObservedRun> Observed, Dictionary<string, List<string>> Errors) Validate(StudySpec spec, IReadOnlyList<ObservedRunRequest?> rows)
    {
        var errors = new Dictionary<string, List<string>>();
        var observed = new List<ObservedRun>(rows.Count);
        for (var i = 0; i < rows.Count && errors.Count < MaxErrors; i++)
            if (rows[i] is not { } row) ObservedRuns.Add(errors, $"runs[{i}]", "A run must not be null.");
            else if (ObservedRuns.Validate(spec, row, $"runs[{i}].", errors) is { } o) observed.Add(o);
        return (observed, errors);
    }

    /// <summary>The study's name, domains and status and an example header; null when there is no such study.</summary>
    public async Task<RunImportTarget?> TargetAsync(Guid studyId, CancellationToken ct = default)
    {
        if (await askTell.ObservedTargetAsync(studyId, ct) is not { } study) return null;
        var spec = study.Spec;
        var metrics = spec.Objective.NamedMetrics
            .SelectMany(m => m == ObjectiveSpec.MeanLoss ? spec.DomainNames.Select(ObjectiveSpec.LossMetric) : [m]).Distinct();
        var columns = spec.DomainNames.Select(d => RunTableColumns.WeightPrefix + d)
            .Concat(spec.Fidelities is { Count: > 1 } ? [RunTableColumns.Fidelity] : [])
            .Concat(metrics.Select(m => RunTableColumns.MetricPrefix + m));
        return new RunImportTarget(spec.Name, spec.DomainNames, study.Status, string.Join(",", columns));
    }

    /// <summary>The CSV parsed and validated against the study, nothing written; null when there is no such study.</summary>
    public async Task<RunImportPreview?> PreviewAsync(Guid studyId, string csv, string source, CancellationToken ct = default)
    {
        var study = await askTell.ObservedTargetAsync(studyId, ct);
        return study is null ? null : Preview(study.Spec, csv, source).Preview;
    }

    /// <summary>
    /// Parses, validates and, only when every row is valid, records the runs in the unfinished study (all or none).
    /// The text is parsed again here rather than trusting an earlier preview, so what is written is what was checked.
    /// </summary>
    public async Task<RunImportResult> ImportAsync(ClaimsPrincipal user, Guid studyId, string csv, string source, CancellationToken ct = default)
    {
        if (!StudySteering.CanSteer(user)) return new RunImportResult(0, "Your key's scope does not allow importing runs (it needs write or admin).");
        var study = await askTell.ObservedTargetAsync(studyId, ct);
        if (study is null) return new RunImportResult(0, "No such study.");
        if (study.Status.IsFinished()) return new RunImportResult(0, $"The study is {study.Status}; it takes no more runs.");
        var (preview, observed) = Preview(study.Spec, csv, source);
        if (!preview.Valid) return new RunImportResult(0, $"Nothing was imported: the table has {preview.Errors.Count} error(s).");
        if (observed.Count > ImportExportApi.MaxImportRows) return new RunImportResult(0, $"At most {ImportExportApi.MaxImportRows} runs per import, got {observed.Count}.");
        var ids = await askTell.RecordObservedAsync(studyId, observed, ct);
        return ids is null
            ? new RunImportResult(0, "The study finished or was deleted meanwhile; nothing was recorded.")
            : new RunImportResult(ids.Count, $"Imported {ids.Count} runs.");
    }

    private static (RunImportPreview Preview, IReadOnlyList<ObservedRun> Observed) Preview(StudySpec spec, string csv, string source)
    {
        RunTable table;
        IReadOnlyList<ObservedRunRequest> requests;
        try
        {
            table = RunTableParser.Parse(csv, source);
            requests = FromTable(table, metricName: m => m);
        }
        // The parser's message already names the source, line and column.
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return (RunImportPreview.Failed(new RunImportError(null, null, e.Message)), []);
        }
        var (observed, errors) = Validate(spec, requests);
        // The validator returns only the valid runs: score each row on its own for the preview's objective column.
        var objectives = requests.Select(r => ObservedRuns.Metrics(spec, r.Metrics, "", new())).ToArray();
        var rows = table.Rows.Select((r, i) => new RunImportRow(r.Line, r.Weights, r.Fidelity, r.Cost,
            requests[i].Metrics!, objectives[i])).ToList();
        var placed = errors.SelectMany(e => e.Value.Select(m => Place(table, e.Key, m))).OrderBy(e => e.Line ?? 0).ToList();
        return (new RunImportPreview(table.Domains, table.Metrics, rows, placed), observed);
    }

    /// <summary>A validator key (<c>runs[3].mixture.web</c>) as the CSV line of row 3 and the column it names (<c>w:web</c>).</summary>
    private static RunImportError Place(RunTable table, string key, string message)
    {
        if (!key.StartsWith("runs[", StringComparison.Ordinal) || key.IndexOf(']') is var close && close < 0
            || !int.TryParse(key.AsSpan(5, close - 5), out var index) || index < 0 || index >= table.Rows.Count)
            return new RunImportError(null, null, message);
        var line = table.Rows[index].Line;
        var member = key[(close + 1)..].TrimStart('.');
        string? column = member switch
        {
            "fidelity" => RunTableColumns.Fidelity,
            "cost" => RunTableColumns.Cost,
            _ when member.StartsWith("mixture.", StringComparison.Ordinal) => RunTableColumns.WeightPrefix + member["mixture.".Length..],
            _ when member.StartsWith("metrics.", StringComparison.Ordinal) => RunTableColumns.MetricPrefix + member["metrics.".Length..],
            _ => null,
        };
        return new RunImportError(line, column, message);
    }
}

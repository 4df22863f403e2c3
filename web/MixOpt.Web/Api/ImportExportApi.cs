using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.RunTables;
using MixOpt.Core.Studies;
using MixOpt.Grains.AskTell;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Api;

/// <summary>
/// A study's finished runs as run tables: the <c>w:/m:</c> CSV layout, RegMix's two-file layout and JSON, out and
/// in. Imported rows become warm-start runs (all or none). Metric <c>loss:&lt;domain&gt;</c> is RegMix's
/// <c>metric/the_pile_&lt;domain&gt;_val_loss</c>.
/// </summary>
public static class ImportExportApi
{
    public static readonly IReadOnlyList<string> ExportFormats = ["csv", "json", "regmix-mixtures", "regmix-metrics"];
    public static readonly IReadOnlyList<string> ImportFormats = ["csv", "json", "regmix"];
    public const int MaxImportRows = 100_000;

    /// <summary>The spec's JSON shape, writing any non-finite value stored before it was refused as null rather than throwing.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(StudySpecJson.Options) { Converters = { new FiniteDoubleConverter() } };

    public static IEndpointRouteBuilder MapImportExportApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/studies/{id:guid}").WithTags("Import and export");
        api.MapGet("/export", ExportAsync).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Export the finished runs")
            .WithDescription("format=csv: the run-table CSV (w:<domain> weights, fidelity, cost, m:<metric> metrics). format=json: {domains, runs:[{ordinal, mixture, fidelity, cost, objective, metrics}]} (what import format=json reads back). format=regmix-mixtures / regmix-metrics: RegMix's two files (index, train_the_pile_<domain> / metric/the_pile_<domain>_val_loss), joined on index.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/json");
        api.MapPost("/import", ImportAsync).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Import past runs")
            .WithDescription("Records runs made elsewhere as warm-start observations, all or none (16 MiB at most). format=csv: a run-table CSV body (text/csv) whose w: columns are exactly the study's domains. format=json: {\"runs\": [ObservedRun, ...]} as in POST /runs. format=regmix: {\"mixtures\": \"<csv>\", \"metrics\": \"<csv>\", \"fidelity\": 1} with RegMix's two files as text. Every row is validated like POST /runs; errors name the row.")
            .ApiExample(request: """{"runs": [{"mixture": {"web": 0.5, "code": 0.5}, "metrics": {"loss:web": 3.2, "loss:code": 2.8}}]}""",
                response: """{"imported": 1, "runIds": ["0197a3c5-1a2b-7c3d-8e4f-5a6b7c8d9e05"]}""");
        return routes;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, StudyLedger ledger, CancellationToken ct, string format = "csv")
    {
        if (!ExportFormats.Contains(format))
            return ApiProblems.BadRequest("Unknown export format", $"format must be one of {string.Join(", ", ExportFormats)}; got '{format}'.");
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var spec = StudySpecJson.Deserialize(study.Spec);
        var runs = (await ledger.RunsAsync(id, ct)).Where(r => r.State == RunState.Succeeded).ToList();
        var results = (await ledger.ResultsAsync(id, ct)).ToDictionary(r => r.RunId);
        if (format == "json")
        {
            var document = new
            {
                domains = spec.DomainNames,
                runs = runs.Select(r => new
                {
                    r.Ordinal, mixture = StudyViews.Named(spec.DomainNames, r.Mixture), r.Fidelity, r.Cost, r.Objective,
                    metrics = Ordered(spec, results.GetValueOrDefault(r.Id)?.Metrics).ToDictionary(m => m.Name, m => m.Value),
                }),
            };
            return TypedResults.Content(System.Text.Json.JsonSerializer.Serialize(document, ExportJson), "application/json", Encoding.UTF8);
        }
        var hasLadder = spec.Fidelities is { Count: > 0 };
        var table = RunTableBuilder.FromRuns($"study {id}", spec.DomainNames, runs.Select(r => new RunTableBuilder.Run(
            r.Mixture, hasLadder ? r.Fidelity : null, r.Cost is > 0 ? r.Cost.Value : 1,
            Ordered(spec, results.GetValueOrDefault(r.Id)?.Metrics).ToDictionary(m => format == "csv" ? m.Name : RegMixMetric(m.Name), m => m.Value))));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        if (format == "csv") RunTableWriter.Write(table, writer);
        else
        {
            using var mixtures = new StringWriter(CultureInfo.InvariantCulture);
            using var metrics = new StringWriter(CultureInfo.InvariantCulture);
            RegMixLayout.Write(table, mixtures, metrics);
            writer.Write(format == "regmix-mixtures" ? mixtures.ToString() : metrics.ToString());
        }
        return TypedResults.Content(writer.ToString(), "text/csv", Encoding.UTF8);
    }

    /// <summary>Metrics in a stable order (the ledger returns them in any): per-domain losses in domain order, then the rest by name.</summary>
    private static IEnumerable<RunMetricRow> Ordered(StudySpec spec, IEnumerable<RunMetricRow>? metrics)
    {
        var losses = spec.DomainNames.Select(ObjectiveSpec.LossMetric).ToList();
        return (metrics ?? []).OrderBy(m => losses.IndexOf(m.Name) is var i && i >= 0 ? i : losses.Count).ThenBy(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>RegMix names a per-domain loss by its domain alone; other metrics keep their names.</summary>
    private static string RegMixMetric(string metric) => metric.StartsWith("loss:", StringComparison.Ordinal) ? metric["loss:".Length..] : metric;

    private sealed record RegMixImport
    {
        public string? Mixtures { get; init; }
        public string? Metrics { get; init; }
        public double? Fidelity { get; init; }
    }

    private sealed record JsonImport
    {
        public IReadOnlyList<ObservedRunRequest>? Runs { get; init; }
    }

    private static async Task<Results<Created<ImportView>, ProblemHttpResult, ValidationProblem>> ImportAsync(
        Guid id, HttpRequest request, StudyLedger ledger, StudyControlLedger control, AskTellService askTell, CancellationToken ct, string format = "csv")
    {
        if (!ImportFormats.Contains(format))
            return ApiProblems.BadRequest("Unknown import format", $"format must be one of {string.Join(", ", ImportFormats)}; got '{format}'.");
        IReadOnlyList<ObservedRunRequest> rows;
        if (format == "csv")
        {
            if (request.ContentType is not { } type || !(type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
                return ApiProblems.UnsupportedMediaType("Send the run table as CSV (Content-Type: text/csv).");
            var (bytes, tooLarge) = await RequestBody.ReadBytesAsync(request, RequestBody.ImportLimit, ct);
            if (tooLarge is not null) return tooLarge;
            try
            {
                rows = FromTable(RunTableParser.Parse(Encoding.UTF8.GetString(bytes!), "body"), metricName: m => m);
            }
            catch (FormatException e) { return ApiProblems.BadRequest("Malformed run table", e.Message); }
            catch (ArgumentException e) { return ApiProblems.BadRequest("Malformed run table", e.Message); }
        }
        else if (format == "json")
        {
            var (body, _, problem) = await RequestBody.ReadJsonAsync<JsonImport>(request, ct, RequestBody.ImportLimit);
            if (problem is not null) return problem;
            if (body!.Runs is null or { Count: 0 }) return ApiProblems.Invalid("The import is invalid", "runs", "Give at least one run.");
            rows = body.Runs;
        }
        else
        {
            var (body, _, problem) = await RequestBody.ReadJsonAsync<RegMixImport>(request, ct, RequestBody.ImportLimit);
            if (problem is not null) return problem;
            if (string.IsNullOrEmpty(body!.Mixtures) || string.IsNullOrEmpty(body.Metrics))
                return ApiProblems.Invalid("The import is invalid", "mixtures", "Give both RegMix files as text: 'mixtures' and 'metrics'.");
            try
            {
                var table = RegMixLayout.Read(body.Mixtures, "mixtures", body.Metrics, "metrics", body.Fidelity, 1);
                rows = FromTable(table, metricName: m => table.Domains.Contains(m) ? "loss:" + m : m);
            }
            catch (FormatException e) { return ApiProblems.BadRequest("Malformed RegMix files", e.Message); }
            catch (ArgumentException e) { return ApiProblems.BadRequest("Malformed RegMix files", e.Message); }
        }
        if (rows.Count > MaxImportRows) return ApiProblems.BadRequest("Too many rows", $"At most {MaxImportRows} runs per import, got {rows.Count}.");

        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var spec = StudySpecJson.Deserialize(study.Spec);
        var errors = new Dictionary<string, List<string>>();
        var observed = new List<ObservedRun>(rows.Count);
        for (var i = 0; i < rows.Count && errors.Count < 50; i++)
            if (rows[i] is null) ObservedRuns.Add(errors, $"runs[{i}]", "A run must not be null.");
            else if (ObservedRuns.Validate(spec, rows[i], $"runs[{i}].", errors) is { } o) observed.Add(o);
        if (errors.Count > 0) return ApiProblems.Invalid("The import is invalid", ObservedRuns.Freeze(errors));
        return await RecordAsync(id, study.Status, observed, control, askTell, ct);
    }

    /// <summary>Rows of a parsed table as observed runs; a table's costs are kept only when it has a cost column value.</summary>
    private static IReadOnlyList<ObservedRunRequest> FromTable(RunTable table, Func<string, string> metricName) =>
        table.Rows.Select(r => new ObservedRunRequest
        {
            Mixture = table.Domains.Select((d, i) => (d, w: r.Weights[i])).ToDictionary(p => p.d, p => p.w),
            Fidelity = r.Fidelity,
            Cost = r.Cost,
            Metrics = table.Metrics.Select((m, i) => (m: metricName(m), v: r.Metrics[i])).Where(p => !double.IsNaN(p.v)).ToDictionary(p => p.m, p => p.v),
        }).ToList();

    /// <summary>Writes validated observed runs to an unfinished study and lets it propose with them.</summary>
    public static async Task<Results<Created<ImportView>, ProblemHttpResult, ValidationProblem>> RecordAsync(
        Guid id, StudyStatus status, IReadOnlyList<ObservedRun> observed, StudyControlLedger control, AskTellService askTell, CancellationToken ct)
    {
        if (status.IsFinished()) return ApiProblems.Conflict("Study finished", $"Study {id} is {status}; it takes no more runs.");
        var ids = await askTell.RecordObservedAsync(id, observed, control, ct);
        if (ids is null) return ApiProblems.Conflict("Study finished", $"Study {id} finished or was deleted meanwhile; nothing was recorded.");
        return TypedResults.Created($"/api/studies/{id}", new ImportView(ids.Count, ids));
    }
}

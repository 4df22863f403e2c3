using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.RunTables;
using MixOpt.Core.Studies;
using MixOpt.Grains.AskTell;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Api;

/// <summary>
/// A study's finished runs as run tables: the <c>w:/m:</c> CSV layout, RegMix's two-file layout and JSON, out and
/// in. Imported rows become warm-start runs (all or none). Metric <c>loss:&lt;domain&gt;</c> is RegMix's
/// <c>metric/the_pile_&lt;domain&gt;_val_loss</c>. Tables are written by <see cref="StudyExports"/>; imported runs are
/// recorded by <see cref="AskTellService"/>, which tells the study.
/// </summary>
public static class ImportExportApi
{
    public static readonly IReadOnlyList<string> ExportFormats = ["csv", "json", "regmix-mixtures", "regmix-metrics"];
    public static readonly IReadOnlyList<string> ImportFormats = ["csv", "json", "regmix"];
    public const int MaxImportRows = 100_000;

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

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, StudyExports exports, CancellationToken ct, string format = "csv")
    {
        if (!ExportFormats.Contains(format))
            return ApiProblems.BadRequest("Unknown export format", $"format must be one of {string.Join(", ", ExportFormats)}; got '{format}'.");
        var table = await exports.ExportAsync(id, format, ct);
        if (table is null) return ApiProblems.StudyNotFound(id);
        return TypedResults.Content(table.Content, table.MediaType, Encoding.UTF8);
    }

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
        Guid id, HttpRequest request, AskTellService askTell, CancellationToken ct, string format = "csv")
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
                rows = RunTableImport.FromTable(RunTableParser.Parse(Encoding.UTF8.GetString(bytes!), "body"), metricName: m => m);
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
                rows = RunTableImport.FromTable(table, metricName: m => table.Domains.Contains(m) ? "loss:" + m : m);
            }
            catch (FormatException e) { return ApiProblems.BadRequest("Malformed RegMix files", e.Message); }
            catch (ArgumentException e) { return ApiProblems.BadRequest("Malformed RegMix files", e.Message); }
        }
        if (rows.Count > MaxImportRows) return ApiProblems.BadRequest("Too many rows", $"At most {MaxImportRows} runs per import, got {rows.Count}.");

        var study = await askTell.ObservedTargetAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var spec = study.Spec;
        // The dashboard's import page validates with the same code (RunTableImport), so both show the same errors.
        var (observed, errors) = RunTableImport.Validate(spec, rows);
        if (errors.Count > 0) return ApiProblems.Invalid("The import is invalid", ObservedRuns.Freeze(errors));
        return await RecordAsync(id, study.Status, observed, askTell, ct);
    }

    /// <summary>Writes validated observed runs to an unfinished study and lets it propose with them.</summary>
    public static async Task<Results<Created<ImportView>, ProblemHttpResult, ValidationProblem>> RecordAsync(
        Guid id, StudyStatus status, IReadOnlyList<ObservedRun> observed, AskTellService askTell, CancellationToken ct)
    {
        if (status.IsFinished()) return ApiProblems.Conflict("Study finished", $"Study {id} is {status}; it takes no more runs.");
        var ids = await askTell.RecordObservedAsync(id, observed, ct);
        if (ids is null) return ApiProblems.Conflict("Study finished", $"Study {id} finished or was deleted meanwhile; nothing was recorded.");
        return TypedResults.Created($"/api/studies/{id}", new ImportView(ids.Count, ids));
    }
}

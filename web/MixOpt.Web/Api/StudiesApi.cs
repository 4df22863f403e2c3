using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Core.Text;
using MixOpt.Grains.Studies;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;
using YamlDotNet.Core;

namespace MixOpt.Web.Api;

public static class StudiesApi
{
    public const int MaxPageSize = 500;
    public static readonly IReadOnlyList<string> YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    public static IEndpointRouteBuilder MapStudiesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/studies").WithTags("Studies");
        api.MapPost("/", CreateStudy).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Submit a study")
            .WithDescription("Validates the study spec, writes it to the ledger and starts it. JSON (application/json) or YAML (application/yaml) with the same schema. A spec names its domains (with token counts), objective (metric or weighted metrics, minimize/maximize), constraints, fidelity ladder with costs, budget (runs and/or cost units, parallelism), strategy and its options, executor (simulated, builtin, external) and seed. Bad input gets 400 with problem details naming each bad field; nothing is written.")
            .Accepts<StudySpec>("application/json", "application/yaml")
            .ApiExample(request: """{"name": "web-code-books", "domains": [{"name": "web", "tokens": 5000000000}, {"name": "code", "tokens": 1000000000}, {"name": "books", "tokens": 800000000}], "objective": {"metric": "loss:mean", "direction": "minimize"}, "fidelities": [{"name": "1M", "value": 0.1, "cost": 1}, {"name": "60M", "value": 1, "cost": 12}], "budget": {"runs": 40, "cost": 200, "parallelism": 4}, "strategy": "mfbo", "executor": "external", "seed": 7}""");
        api.MapGet("/", ListStudies).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("List studies, newest first")
            .WithDescription("Paged with skip (>= 0) and take (1-500); filtered by status (Pending, Running, Paused, Completed, Cancelled, Failed), strategy and name (case-insensitive substring). The X-Total-Count header gives the number of matching studies.");
        api.MapGet("/{id:guid}", GetStudy).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Get a study")
            .WithDescription("The study with every run (state, attempts, mixture, objective, per-domain losses), its best mixture so far and, for simulated studies, the oracle's true optimum.");
        api.MapStudyFront().RequireAuthorization(ScopePolicies.Read); // several objectives: the Pareto front (issue 20)
        api.MapPatch("/{id:guid}/budget", UpdateBudget).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Update a study's budget")
            .WithDescription("Changes any of runs, cost and parallelism of an unfinished study (the rest stays). A larger budget makes the study propose again at once; the run budget cannot drop below the runs already made. 409 once the study has finished.")
            .Accepts<BudgetUpdateRequest>("application/json")
            .ApiExample(request: """{"runs": 80, "parallelism": 8}""");
        api.MapPost("/{id:guid}/pause", PauseStudy).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Pause a study")
            .WithDescription("A paused study proposes nothing new and leases no runs; runs in flight finish and are recorded. 409 unless the study is pending or running.");
        api.MapPost("/{id:guid}/resume", ResumeStudy).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Resume a paused study")
            .WithDescription("The study proposes again from where the ledger says it is. 409 unless the study is paused.");
        api.MapPost("/{id:guid}/cancel", CancelStudy).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Cancel a study")
            .WithDescription("Cancels the study and its pending runs; 409 when it has already finished.");
        api.MapDelete("/{id:guid}", DeleteStudy).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Delete a study")
            .WithDescription("Cancels the study if it is still going, then deletes it with its runs, attempts, results and metrics from the ledger and its artifacts (result documents, loss curves, checkpoints, report) from blob storage. 204; 404 when there is no such study.");
        return routes;
    }

    /// <summary>
    /// The body is read here rather than bound by the framework, so malformed JSON or YAML gets a problem response
    /// that says what is wrong and where, instead of an empty 400.
    /// </summary>
    private static async Task<Results<Created<StudyDetailsView>, ValidationProblem, ProblemHttpResult>> CreateStudy(
        HttpRequest request, StudySubmitter submitter, StudyQueries queries, [FromServices] IEnumerable<IRunExecutor> executors, CancellationToken ct)
    {
        var yaml = request.ContentType is { } type && YamlMediaTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase));
        if (!yaml && !request.HasJsonContentType())
            return ApiProblems.UnsupportedMediaType("Send the study as JSON (Content-Type: application/json) or YAML (Content-Type: application/yaml).");
        var (bytes, tooLarge) = await RequestBody.ReadBytesAsync(request, RequestBody.DefaultLimit, ct);
        if (tooLarge is not null) return tooLarge;
        if (bytes!.Length == 0) return ApiProblems.BadRequest("Malformed study", "The request body is empty; send a study spec.");
        StudySpec? spec;
        if (yaml)
        {
            byte[] json;
            try
            {
                json = Encoding.UTF8.GetBytes(YamlToJson.Convert(Encoding.UTF8.GetString(bytes))?.ToJsonString() ?? "null");
            }
            catch (YamlException e)
            {
                return ApiProblems.BadRequest("Malformed study YAML", $"Line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
            }
            (spec, var problem) = RequestBody.Parse<StudySpec>(json, "Malformed study YAML");
            if (problem is not null) return problem;
        }
        else
        {
            try
            {
                // JSON null is left to the validator, which says a study body is required.
                spec = JsonSerializer.Deserialize<StudySpec>(bytes, RequestBody.Json);
            }
            catch (JsonException e)
            {
                return ApiProblems.BadRequest("Malformed study JSON", e.Message);
            }
            if (RequestBody.UnstorableText(bytes) is { } text) return ApiProblems.BadRequest("Malformed study JSON", text);
        }

        var errors = StudySubmitter.Validate(spec);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The study is invalid");
        // What the spec alone cannot show: whether this host's executor can serve it (a merged rung's corpus).
        var refusals = await StudyAdmissions.RefusalsAsync(spec!, executors, ct);
        if (refusals.Count > 0) return TypedResults.ValidationProblem(refusals, title: "The study cannot be served");

        var row = await submitter.SubmitAsync(spec!, ct);
        var details = await queries.FindAsync(row.Id, ct);
        return TypedResults.Created($"/api/studies/{row.Id}", details!);
    }

    private static async Task<Results<Ok<IReadOnlyList<StudySummaryView>>, ProblemHttpResult>> ListStudies(
        HttpResponse response, StudyQueries queries, CancellationToken ct,
        int skip = 0, int take = 100, string? status = null, string? strategy = null, string? name = null)
    {
        if (skip < 0 || take is < 1 or > MaxPageSize)
            return ApiProblems.BadRequest("Bad paging", $"skip must be >= 0 and take between 1 and {MaxPageSize}.");
        StudyStatus? wanted = null;
        if (status is not null)
        {
            // One status by its exact name: Enum.TryParse would also take "Running,Paused" (flags) or "3".
            if (Enum.GetNames<StudyStatus>().FirstOrDefault(n => string.Equals(n, status, StringComparison.OrdinalIgnoreCase)) is not { } known)
                return ApiProblems.BadRequest("Bad filter", $"status must be one of {string.Join(", ", Enum.GetNames<StudyStatus>())}; got '{TextRules.Printable(status)}'.");
            wanted = Enum.Parse<StudyStatus>(known);
        }
        if (name is { Length: > 200 } || strategy is { Length: > 100 })
            return ApiProblems.BadRequest("Bad filter", "name may be at most 200 characters and strategy at most 100.");
        if ((TextRules.FreeTextProblem(name) ?? TextRules.FreeTextProblem(strategy)) is { } text)
            return ApiProblems.BadRequest("Bad filter", $"name and strategy filters {text}.");
        var (page, total) = await queries.ListAsync(wanted, strategy, name, skip, take, ct);
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> GetStudy(Guid id, StudyQueries queries, CancellationToken ct) =>
        await queries.FindAsync(id, ct) is { } study ? TypedResults.Ok(study) : ApiProblems.StudyNotFound(id);

    private static async Task<Results<Ok<StudyDetailsView>, ProblemHttpResult, ValidationProblem>> UpdateBudget(
        Guid id, HttpRequest request, StudyControl control, StudyQueries queries, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<BudgetUpdateRequest>(request, ct);
        if (problem is not null) return problem;
        var study = await queries.FindAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var current = study.Spec.Budget;
        var budget = current with { Runs = body!.Runs ?? current.Runs, Cost = body.Cost ?? current.Cost, Parallelism = body.Parallelism ?? current.Parallelism };
        var (outcome, errors) = await control.UpdateBudgetAsync(id, budget, ct);
        return outcome switch
        {
            StudyControl.Outcome.NotFound => ApiProblems.StudyNotFound(id),
            StudyControl.Outcome.Conflict => ApiProblems.Conflict("Study already finished", $"Study {id} has finished ({study.Status}); its budget can no longer change."),
            StudyControl.Outcome.Invalid => TypedResults.ValidationProblem(errors, title: "The budget is invalid"),
            _ => await queries.FindAsync(id, ct) is { } updated ? TypedResults.Ok(updated) : ApiProblems.StudyNotFound(id),
        };
    }

    private static Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> PauseStudy(Guid id, StudyControl control, StudyQueries queries, CancellationToken ct) =>
        Change(id, queries, () => control.PauseAsync(id, ct), "Study cannot be paused", s => $"Study {id} is {s}; only a pending or running study can be paused.", ct);

    private static Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> ResumeStudy(Guid id, StudyControl control, StudyQueries queries, CancellationToken ct) =>
        Change(id, queries, () => control.ResumeAsync(id, ct), "Study is not paused", s => $"Study {id} is {s}; only a paused study can be resumed.", ct);

    private static async Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> CancelStudy(
        Guid id, StudySubmitter submitter, StudyQueries queries, CancellationToken ct)
    {
        var status = await queries.StatusAsync(id, ct);
        if (status is null) return ApiProblems.StudyNotFound(id);
        if (!await submitter.CancelAsync(id))
            return ApiProblems.Conflict("Study already finished", $"Study {id} has already finished ({status}).");
        return await queries.FindAsync(id, ct) is { } updated ? TypedResults.Ok(updated) : ApiProblems.StudyNotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStudy(Guid id, StudyControl control, CancellationToken ct) =>
        await control.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.StudyNotFound(id);

    private static async Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> Change(
        Guid id, StudyQueries queries, Func<Task<StudyControl.Outcome>> change, string conflictTitle, Func<StudyStatus, string> conflict, CancellationToken ct)
    {
        var outcome = await change();
        var study = await queries.FindAsync(id, ct);
        if (outcome == StudyControl.Outcome.NotFound || study is null) return ApiProblems.StudyNotFound(id);
        if (outcome == StudyControl.Outcome.Conflict) return ApiProblems.Conflict(conflictTitle, conflict(study.Status));
        return TypedResults.Ok(study);
    }
}

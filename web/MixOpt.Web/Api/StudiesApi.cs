using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.Studies;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;

namespace MixOpt.Web.Api;

public static class StudiesApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapStudiesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/studies").WithTags("Studies");
        api.MapPost("/", CreateStudy)
            .WithSummary("Submit a study")
            .WithDescription("Validates the study spec (JSON), writes it to the ledger and starts it. Bad input gets 400 with problem details naming each bad field; nothing is written.")
            .Accepts<StudySpec>("application/json");
        api.MapGet("/", ListStudies)
            .WithSummary("List studies, newest first")
            .WithDescription("Paged with skip (>= 0) and take (1-500).");
        api.MapGet("/{id:guid}", GetStudy)
            .WithSummary("Get a study")
            .WithDescription("The study with every run (state, attempts, mixture, objective, per-domain losses), its best mixture so far and, for simulated studies, the oracle's true optimum.");
        api.MapPost("/{id:guid}/cancel", CancelStudy)
            .WithSummary("Cancel a study")
            .WithDescription("Cancels the study and its pending runs; 409 when it has already finished.");
        return routes;
    }

    /// <summary>
    /// The body is read here rather than bound by the framework, so malformed JSON gets a problem response that says
    /// what is wrong and where, instead of an empty 400.
    /// </summary>
    private static async Task<Results<Created<StudyDetailsView>, ValidationProblem, ProblemHttpResult>> CreateStudy(
        HttpRequest request, StudySubmitter submitter, StudyLedger ledger, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return TypedResults.Problem("Send the study as JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        StudySpec? spec;
        try
        {
            spec = await JsonSerializer.DeserializeAsync<StudySpec>(request.Body, StudySpecJson.Options, ct);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed study JSON");
        }

        var errors = StudySubmitter.Validate(spec);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The study is invalid");

        var row = await submitter.SubmitAsync(spec!, ct);
        var details = await StudyViews.LoadAsync(ledger, row, ct);
        return TypedResults.Created($"/api/studies/{row.Id}", details);
    }

    private static async Task<Results<Ok<IReadOnlyList<StudySummaryView>>, ProblemHttpResult>> ListStudies(
        StudyLedger ledger, CancellationToken ct, int skip = 0, int take = 100)
    {
        if (skip < 0 || take is < 1 or > MaxPageSize)
            return TypedResults.Problem($"skip must be >= 0 and take between 1 and {MaxPageSize}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad paging");
        var studies = await ledger.ListStudiesAsync(skip, take, ct);
        return TypedResults.Ok<IReadOnlyList<StudySummaryView>>(studies.Select(StudyViews.Summary).ToList());
    }

    private static async Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> GetStudy(Guid id, StudyLedger ledger, CancellationToken ct)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return NotFound(id);
        return TypedResults.Ok(await StudyViews.LoadAsync(ledger, study, ct));
    }

    private static async Task<Results<Ok<StudyDetailsView>, ProblemHttpResult>> CancelStudy(
        Guid id, StudySubmitter submitter, StudyLedger ledger, CancellationToken ct)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return NotFound(id);
        if (!await submitter.CancelAsync(id))
            return TypedResults.Problem($"Study {id} has already finished ({study.Status}).", statusCode: StatusCodes.Status409Conflict, title: "Study already finished");
        var updated = await ledger.FindStudyAsync(id, ct);
        return TypedResults.Ok(await StudyViews.LoadAsync(ledger, updated!, ct));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No study with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Study not found");
}

using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.Campaigns;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;
using YamlDotNet.Core;

namespace MixOpt.Web.Api;

/// <summary>Scheduled sweep campaigns: a cron schedule, a study template, an action and policies (issue 17).</summary>
public static class CampaignsApi
{
    public const int MaxPageSize = 500;

    private const string Example = """
        {"name": "nightly re-optimization", "schedule": {"cron": "0 0 2 * * *", "timeZone": "Europe/Berlin", "maxFirings": 30},
         "action": {"kind": "newStudy"}, "policies": {"overlap": "skip", "catchUpSeconds": 600, "pauseAfterFailures": 3},
         "template": {"name": "web-code-books", "domains": [{"name": "web"}, {"name": "code"}, {"name": "books"}],
                      "objective": {"metric": "loss:mean", "direction": "minimize"}, "budget": {"runs": 24, "parallelism": 4},
                      "strategy": "bo", "executor": "simulated", "seed": 7}}
        """;

    private const string ViewExample = """
        {"id": "0197a3c5-6f1e-7c2a-9d4b-3e5f6a7b8c9d", "name": "nightly re-optimization", "state": "Active", "pauseReason": null, "consecutiveFailures": 0,
         "action": "newStudy", "cron": "0 0 2 * * *", "timeZone": "Europe/Berlin",
         "nextFirings": [{"utc": "2026-12-02T01:00:00+00:00", "local": "2026-12-02 02:00:00 +01:00"}], "firings": 3, "bestObjective": 2.8142,
         "lastStudyId": "0197a3c6-1a2b-7c3d-8e4f-5a6b7c8d9e0f", "createdAt": "2026-11-28T09:12:00+00:00", "updatedAt": "2026-11-28T09:12:00+00:00",
         "spec":
        """ + Example + "}";

    private const string FiringExample = """
        {"id": "0197a3c7-2b3c-7d4e-9f5a-6b7c8d9e0f1a", "instant": "2026-12-01T01:00:00+00:00", "instantLocal": "2026-12-01 02:00:00 +01:00",
         "trigger": "Schedule", "state": "Succeeded", "studyId": "0197a3c6-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
         "outcome": "Study 0197a3c6-1a2b-7c3d-8e4f-5a6b7c8d9e0f completed: best 2.8142 for 24 cost units.", "bestObjective": 2.8142,
         "costSpent": 24, "fullRecomputationCost": null, "mixture": {"web": 0.52, "code": 0.31, "books": 0.17},
         "createdAt": "2026-12-01T01:00:00.012+00:00", "updatedAt": "2026-12-01T01:00:41.5+00:00"}
        """;

    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/campaigns").WithTags("Campaigns");
        api.MapPost("/", CreateCampaign).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Create a campaign")
            .WithDescription("A schedule (cron with 5 fields, or 6 with seconds first; an IANA time zone; optional start, end and maxFirings), an action (newStudy: a study from the template warm-started with the campaign's earlier finished runs; extend: +runs/+cost to action.studyId; remix: re-read the shard manifests in action.shards (an absolute folder, blob:NAME for a corpus in the artifact container, or blob://CONTAINER/PREFIX for any container of the configured Blob Storage) and search only the changed domains plus the rest as one frozen block), policies (overlap: skip, bufferOne, cancel, allow; catchUpSeconds for instants missed while the service was down; pauseAfterFailures) and a study template (the body of POST /api/studies). JSON or YAML. Bad input gets 400 naming the field; nothing is written.")
            .Accepts<CampaignSpec>("application/json", "application/yaml")
            .ApiExample(request: Example, response: ViewExample);
        api.MapGet("/", ListCampaigns).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("List campaigns, newest first")
            .WithDescription("Paged with skip (>= 0) and take (1-500); X-Total-Count gives the number of campaigns.")
            .ApiExample(response: "[" + ViewExample + "]");
        api.MapGet("/{id:guid}", GetCampaign).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Get a campaign")
            .WithDescription("The campaign with its spec, state, next firings (UTC and in its time zone) and the best objective across its firings.")
            .ApiExample(response: ViewExample);
        api.MapPatch("/{id:guid}", UpdateCampaign).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Change a campaign")
            .WithDescription("Replaces any of name, schedule, action, policies and template (each member given replaces that member whole); the result is validated like a new campaign. JSON or YAML.")
            .Accepts<CampaignPatch>("application/json", "application/yaml")
            .ApiExample(request: """{"schedule": {"cron": "0 0 3 * * MON", "timeZone": "America/New_York"}}""", response: ViewExample);
        api.MapDelete("/{id:guid}", DeleteCampaign).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Delete a campaign")
            .WithDescription("Stops its reminder and deletes it with its firing history; the studies it made stay. 204; 404 when there is none.");
        api.MapPost("/{id:guid}/pause", PauseCampaign).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Pause a campaign")
            .WithDescription("No instant fires while it is paused (a running firing's study goes on). 409 unless it is active.")
            .ApiExample(response: ViewExample);
        api.MapPost("/{id:guid}/resume", ResumeCampaign).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Resume a paused campaign")
            .WithDescription("The schedule starts again from now: instants due while it was paused are neither caught up nor recorded. Resets the failure count. 409 unless it is paused.")
            .ApiExample(response: ViewExample);
        api.MapPost("/{id:guid}/trigger", TriggerCampaign).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Fire a campaign now")
            .WithDescription("A manual firing at the current instant, whatever the overlap policy and also when paused; recorded in the history like the scheduled ones.")
            .ApiExample(response: FiringExample);
        api.MapGet("/{id:guid}/firings", ListFirings).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("A campaign's firings, newest first")
            .WithDescription("One row per scheduled instant (and per manual trigger): state (Pending, Buffered, Running, Succeeded, Failed, Skipped, Missed, Cancelled, Unchanged), the study it created or changed, outcome, best objective, cost spent and, for remix, what a full recomputation would have spent. Paged with skip and take; X-Total-Count.")
            .ApiExample(response: "[" + FiringExample + "]");
        return routes;
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateCampaign(HttpRequest request, CampaignService campaigns, CancellationToken ct)
    {
        var (spec, problem) = await ReadAsync<CampaignSpec>(request, "campaign", ct);
        if (problem is not null) return problem;
        var (view, errors) = await campaigns.CreateAsync(spec, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The campaign is invalid");
        return TypedResults.Created($"/api/campaigns/{view!.Id}", view);
    }

    private static async Task<Results<Ok<IReadOnlyList<CampaignView>>, ProblemHttpResult>> ListCampaigns(HttpResponse response, CampaignService campaigns, CancellationToken ct, int skip = 0, int take = 100)
    {
        if (skip < 0 || take is < 1 or > MaxPageSize) return ApiProblems.BadRequest("Bad paging", $"skip must be >= 0 and take between 1 and {MaxPageSize}.");
        var (page, total) = await campaigns.ListAsync(skip, take, ct);
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetCampaign(Guid id, CampaignService campaigns, CancellationToken ct) =>
        await campaigns.FindAsync(id, ct) is { } view ? TypedResults.Ok(view) : NotFound(id);

    private static async Task<Results<Ok<CampaignView>, ValidationProblem, ProblemHttpResult>> UpdateCampaign(Guid id, HttpRequest request, CampaignService campaigns, CancellationToken ct)
    {
        var (patch, problem) = await ReadAsync<CampaignPatch>(request, "campaign change", ct);
        if (problem is not null) return problem;
        var (outcome, view, errors) = await campaigns.UpdateAsync(id, patch!, ct);
        return outcome switch
        {
            CampaignService.Outcome.NotFound => NotFound(id),
            CampaignService.Outcome.Invalid => TypedResults.ValidationProblem(errors, title: "The campaign is invalid"),
            _ => TypedResults.Ok(view!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCampaign(Guid id, CampaignService campaigns, CancellationToken ct) =>
        await campaigns.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> PauseCampaign(Guid id, CampaignService campaigns, CancellationToken ct) =>
        Answer(id, await campaigns.PauseAsync(id, ct), "Campaign is not active", "only an active campaign can be paused");

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> ResumeCampaign(Guid id, CampaignService campaigns, CancellationToken ct) =>
        Answer(id, await campaigns.ResumeAsync(id, ct), "Campaign is not paused", "only a paused campaign can be resumed");

    private static async Task<Results<Ok<CampaignFiringView>, ProblemHttpResult>> TriggerCampaign(Guid id, CampaignService campaigns, CancellationToken ct) =>
        await campaigns.TriggerAsync(id, ct) is { } firing ? TypedResults.Ok(firing) : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<CampaignFiringView>>, ProblemHttpResult>> ListFirings(
        Guid id, HttpResponse response, CampaignService campaigns, CancellationToken ct, int skip = 0, int take = 100)
    {
        if (skip < 0 || take is < 1 or > MaxPageSize) return ApiProblems.BadRequest("Bad paging", $"skip must be >= 0 and take between 1 and {MaxPageSize}.");
        var (page, total) = await campaigns.FiringsAsync(id, skip, take, ct);
        if (page is null) return NotFound(id);
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page);
    }

    private static Results<Ok<CampaignView>, ProblemHttpResult> Answer(Guid id, (CampaignService.Outcome Outcome, CampaignView? Campaign) result, string conflictTitle, string conflict) =>
        result.Outcome switch
        {
            CampaignService.Outcome.NotFound => NotFound(id),
            CampaignService.Outcome.Conflict => ApiProblems.Conflict(conflictTitle, $"Campaign {id}: {conflict}."),
            _ => TypedResults.Ok(result.Campaign!),
        };

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No campaign with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Campaign not found");

    /// <summary>A JSON or YAML body (the same schema), read within the default limit; malformed text is a 400 saying where.</summary>
    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, string what, CancellationToken ct) where T : class
    {
        var yaml = request.ContentType is { } type && StudiesApi.YamlMediaTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase));
        if (!yaml && !request.HasJsonContentType())
            return (null, ApiProblems.UnsupportedMediaType($"Send the {what} as JSON (Content-Type: application/json) or YAML (Content-Type: application/yaml)."));
        var (bytes, tooLarge) = await RequestBody.ReadBytesAsync(request, RequestBody.DefaultLimit, ct);
        if (tooLarge is not null) return (null, tooLarge);
        if (bytes!.Length == 0) return (null, ApiProblems.BadRequest($"Malformed {what}", $"The request body is empty; send a {what}."));
        if (!yaml) return RequestBody.Parse<T>(bytes, $"Malformed {what} JSON");
        try
        {
            var json = Encoding.UTF8.GetBytes(YamlToJson.Convert(Encoding.UTF8.GetString(bytes))?.ToJsonString() ?? "null");
            return RequestBody.Parse<T>(json, $"Malformed {what} YAML");
        }
        catch (YamlException e)
        {
            return (null, ApiProblems.BadRequest($"Malformed {what} YAML", $"Line {e.Start.Line}, column {e.Start.Column}: {e.Message}"));
        }
    }
}

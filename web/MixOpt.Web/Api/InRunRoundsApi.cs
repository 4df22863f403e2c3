using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Api;

/// <summary>
/// The in-run hook for external trainers (strategy <c>aioli</c>, executor <c>external</c>): while a run is leased its
/// trainer posts intermediate per-domain losses and gets the proportions to train on next; the run's recorded
/// trajectory (or the note saying why there is none) can be read back. The method and its storage are
/// <see cref="ExternalInRunRounds"/>'s; the handlers check the request's shape and translate answers.
/// </summary>
public static class InRunRoundsApi
{
    public const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapInRunRoundsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/studies/{id:guid}/runs/{runId:guid}").WithTags("Ask/tell runs");
        api.MapPost("/rounds", PostRoundAsync).RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Post an in-run report, get the next proportions")
            .WithDescription("For a leased run of an 'aioli' study with executor 'external': the trainer reports, under its lease token, the steps trained so far (0 first, before training), the run's total steps, the tokens seen and every domain's validation loss (finite, by domain name), optionally the proportions it trained on. The answer is what to train next: the proportions (domain → proportion, within the study's min/max), how many steps (until which step) and the round and phase (warmup when the study asks for a warm-up on its starting mixture, then probe or train); keepGoing false means every step is planned: report the result. Each accepted report is stored (the run's trajectory, as for builtin runs) before it is answered. A retry of the last report (same step, same losses) gets the same answer and advances nothing; another report at that step, or one before it, is 409. A lease token that is not the run's current, live one is 409, as for a heartbeat. Bad input (unknown or missing domain, non-finite loss, negative step) is 400 and nothing is written.")
            .Accepts<InRunRoundRequest>("application/json")
            .Produces<InRunRoundView>(StatusCodes.Status200OK)
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "step": 40, "tokensSeen": 163840, "totalSteps": 300, "losses": {"web": 3.61, "code": 3.12, "books": 3.88}, "proportions": {"web": 0.3333, "code": 0.3333, "books": 0.3334}}""",
                response: """{"runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "round": 1, "phase": "probe", "proportions": {"web": 0.6, "code": 0.2, "books": 0.2}, "steps": 2, "untilStep": 42, "keepGoing": true, "roundsRecorded": 1}""");
        api.MapGet("/rounds", GetRoundsAsync).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("A run's in-run trajectory")
            .WithDescription("The rounds a run trained under an in-run method recorded (proportions and per-domain validation losses by domain, the step each round ended at), the mixture its trajectory recommends, and a note when the method could not act (an external trainer that reported its result without ever posting a round kept its starting proportions). 404 when the run has no in-run record.")
            .Produces<InRunTrajectoryView>(StatusCodes.Status200OK)
            .ApiExample(response: """{"runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "method": "aioli", "rounds": [{"round": 0, "step": 30, "proportions": {"web": 0.42, "code": 0.31, "books": 0.27}, "losses": {"web": 3.61, "code": 3.12, "books": 3.88}}], "recommended": {"web": 0.42, "code": 0.31, "books": 0.27}, "note": null}""");
        return routes;
    }

    private static async Task<Results<Ok<InRunRoundView>, ProblemHttpResult, ValidationProblem>> PostRoundAsync(
        Guid id, Guid runId, HttpContext http, ExternalInRunRounds rounds, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<InRunRoundRequest>(http.Request, ct, MaxBodyBytes);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        if (body.Step is not { } step || step < 0) ObservedRuns.Add(errors, "step", "The step (steps trained so far, 0 before training) is required and must be >= 0.");
        if (body.TotalSteps is not { } total || total is < 1 or > ExternalInRunRounds.MaxTotalSteps)
            ObservedRuns.Add(errors, "totalSteps", $"The run's total steps are required, between 1 and {ExternalInRunRounds.MaxTotalSteps}.");
        if (body.TokensSeen is < 0) ObservedRuns.Add(errors, "tokensSeen", "Tokens seen must be >= 0.");
        if (body.Losses is not { Count: > 0 }) ObservedRuns.Add(errors, "losses", "Every domain's validation loss is required (domain → loss).");
        if (errors.Count > 0) return ApiProblems.Invalid("The in-run report is invalid", ObservedRuns.Freeze(errors));

        var post = new InRunRoundPost(body.LeaseToken!.Value, body.Step!.Value, body.TokensSeen, body.TotalSteps!.Value, body.Losses!, body.Proportions);
        var answer = await rounds.PostAsync(id, runId, post, ct);
        switch (answer.Verdict)
        {
            case InRunRoundVerdict.Accepted: return TypedResults.Ok(answer.Answer!);
            case InRunRoundVerdict.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(answer.Answer!);
            case InRunRoundVerdict.StudyNotFound: return ApiProblems.StudyNotFound(id);
            case InRunRoundVerdict.RunNotFound: return ApiProblems.RunNotFound(id, runId);
            case InRunRoundVerdict.NotInRun: return ApiProblems.Conflict("Study takes no in-run rounds", answer.Why!);
            case InRunRoundVerdict.Refused: return ApiProblems.Conflict("Lease refused", answer.Why!);
            case InRunRoundVerdict.Conflict: return ApiProblems.Conflict("Report conflicts with an earlier one", answer.Why!);
            default: return ApiProblems.Invalid("The in-run report is invalid", answer.Errors!);
        }
    }

    private static async Task<Results<Ok<InRunTrajectoryView>, ProblemHttpResult>> GetRoundsAsync(Guid id, Guid runId, ExternalInRunRounds rounds, CancellationToken ct) =>
        await rounds.TrajectoryAsync(id, runId, ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem($"Study {id} has no run {runId} with an in-run record.", statusCode: StatusCodes.Status404NotFound, title: "No in-run record");
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MixOpt.Core.Execution;
using MixOpt.Grains.AskTell;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Api;

/// <summary>
/// Ask/tell for external trainers: lease the next run of an <c>external</c> study, heartbeat it, report its
/// result (idempotently) or its failure; and record runs made before (warm start). The handlers check the request and
/// translate answers; the run lifecycle, idempotency, artifacts and telling the study are <see cref="AskTellService"/>'s.
/// </summary>
public static class RunsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxLeaseSeconds = 86_400;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/studies/{id:guid}").WithTags("Ask/tell runs").RequireAuthorization(ScopePolicies.Write);
        api.MapPost("/runs:lease", LeaseAsync)
            .WithSummary("Lease the next run")
            .WithDescription("Hands the study's next queued run (lowest ordinal) to the caller: its mixture (domain → proportion), fidelity, a lease token and when the lease expires. 204 when no run is ready now (the study is proposing, paused, or finished: see the X-MixOpt-Study-Status header). Only studies with executor 'external' lease runs over REST. A run whose trainer vanished comes back once its lease expires (the scheduler sweeps expired leases every few seconds).")
            .Accepts<LeaseRequest>("application/json")
            .Produces<LeaseView>(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ApiExample(request: """{"worker": "trainer-1", "leaseSeconds": 600}""",
                response: """{"runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "studyId": "0197a3b2-5c1e-7d40-9f3a-2b8c4d6e8f10", "ordinal": 0, "attempt": 1, "mixture": {"web": 0.5, "code": 0.3, "books": 0.2}, "fidelity": 1, "fidelityName": "target", "leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "leaseExpiresAt": "2025-01-01T12:10:00+00:00"}""");
        api.MapPost("/runs/{runId:guid}/heartbeat", HeartbeatAsync)
            .WithSummary("Extend a run's lease")
            .WithDescription("Extends the lease of a run the caller holds (by default by the lease duration the server uses). 409 when the token is not the run's current lease or it has already expired: the trainer should stop, because the run went back to the queue.")
            .Accepts<HeartbeatRequest>("application/json")
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "leaseSeconds": 600}""",
                response: """{"runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "leaseExpiresAt": "2025-01-01T12:20:00+00:00"}""");
        api.MapPost("/runs/{runId:guid}/result", ReportAsync)
            .WithSummary("Report a run's result")
            .WithDescription("Records the run's metrics (per-domain losses 'loss:<domain>' and whatever the objective names), its cost (default: its rung's cost), seconds and optional loss curve, under the lease token. Send an Idempotency-Key header: a retry with the same key and body gets the same answer; the same key with another body is 422. A byte-identical retry under the same lease, with or without a key, gets the recorded result; a different report for a run that already has its result is 409 naming the recorded one. An expired, superseded, unknown or another run's lease token is 409 and records nothing. After a result the study proposes more runs.")
            .Accepts<ResultRequest>("application/json")
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "metrics": {"loss:web": 3.21, "loss:code": 2.87, "loss:books": 3.45}, "cost": 1.0, "seconds": 512.3, "lossCurve": [10.8, 6.2, 4.1, 3.2]}""",
                response: """{"runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "studyId": "0197a3b2-5c1e-7d40-9f3a-2b8c4d6e8f10", "attempt": 1, "objective": 3.1766, "cost": 1.0, "recordedAt": "2025-01-01T12:08:31+00:00"}""");
        api.MapPost("/runs/{runId:guid}/failure", FailAsync)
            .WithSummary("Report that a run's attempt failed")
            .WithDescription("Ends the attempt holding the lease as failed with the given reason. The run goes back to the queue for another attempt, or fails for good after the maximum number of attempts (response field 'run': 'Requeued' or 'Failed'). 409 when the token is not the run's current lease.")
            .Accepts<FailureRequest>("application/json")
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "reason": "CUDA out of memory"}""",
                response: """{"runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "run": "Requeued"}""");
        api.MapPost("/runs", RecordObservedAsync)
            .WithSummary("Record a run made before (warm start)")
            .WithDescription("Records a finished run the user made outside MixOpt: its mixture (every domain of the study, proportions >= 0 summing to 1), fidelity (a rung of the study's ladder; default the target), metrics and cost. It becomes an observation the strategy learns from and spends none of the study's budget.")
            .Accepts<ObservedRunRequest>("application/json")
            .ApiExample(request: """{"mixture": {"web": 0.6, "code": 0.2, "books": 0.2}, "fidelity": 1, "metrics": {"loss:web": 3.1, "loss:code": 2.9, "loss:books": 3.5}, "cost": 1.0}""",
                response: """{"imported": 1, "runIds": ["0197a3c5-1a2b-7c3d-8e4f-5a6b7c8d9e05"]}""");
        return routes;
    }

    private static async Task<Results<Ok<LeaseView>, NoContent, ProblemHttpResult, ValidationProblem>> LeaseAsync(
        Guid id, HttpContext http, AskTellService askTell, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<LeaseRequest>(http.Request, ct, optional: true);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body?.LeaseSeconds is { } s && s is < 1 or > MaxLeaseSeconds) ObservedRuns.Add(errors, "leaseSeconds", $"Lease seconds must be between 1 and {MaxLeaseSeconds}, got {s}.");
        if (body?.Worker is { } w && (w.Length is 0 or > 100 || w.Any(char.IsControl))) ObservedRuns.Add(errors, "worker", "Worker must be 1-100 printable characters.");
        if (errors.Count > 0) return ApiProblems.Invalid("The lease request is invalid", ObservedRuns.Freeze(errors));

        var spec = await askTell.SpecAsync(id, ct);
        if (spec is null) return ApiProblems.StudyNotFound(id);
        if (!spec.IsExternal)
            return ApiProblems.Conflict("Study is not external", $"Study {id} uses the '{spec.Executor}' executor: its runs are executed by MixOpt's workers. Only 'external' studies lease runs over REST.");

        var worker = body?.Worker ?? "external:" + ApiKeyIdentity.KeyIdOf(http.User);
        // One round trip reads the study's status and, only while it is pending or running, leases its next queued run.
        var answer = await askTell.LeaseAsync(id, worker, body?.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, ct);
        if (answer is null) return ApiProblems.StudyNotFound(id);
        http.Response.Headers["X-MixOpt-Study-Status"] = answer.Status.ToString();
        if (answer.Run is not { } run) return TypedResults.NoContent();
        var rung = ObservedRuns.Ladder(spec).FirstOrDefault(r => r.Value == run.Fidelity);
        return TypedResults.Ok(new LeaseView(run.RunId, id, run.Ordinal, run.Attempt, StudyViews.Named(spec.DomainNames, run.Mixture),
            run.Fidelity, rung?.Name, run.Token, run.ExpiresAt));
    }

    private static async Task<Results<Ok<HeartbeatView>, ProblemHttpResult, ValidationProblem>> HeartbeatAsync(
        Guid id, Guid runId, HttpRequest request, AskTellService askTell, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<HeartbeatRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        if (body.LeaseSeconds is { } s && s is < 1 or > MaxLeaseSeconds) ObservedRuns.Add(errors, "leaseSeconds", $"Lease seconds must be between 1 and {MaxLeaseSeconds}, got {s}.");
        if (errors.Count > 0) return ApiProblems.Invalid("The heartbeat is invalid", ObservedRuns.Freeze(errors));

        var answer = await askTell.HeartbeatAsync(id, runId, body.LeaseToken!.Value, body.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, ct);
        return answer.Verdict switch
        {
            LeaseVerdict.RunNotFound => ApiProblems.RunNotFound(id, runId),
            LeaseVerdict.Refused => ApiProblems.Conflict("Lease refused", answer.Why!),
            _ => TypedResults.Ok(new HeartbeatView(runId, answer.ExpiresAt!.Value)),
        };
    }

    private static async Task<IResult> ReportAsync(Guid id, Guid runId, HttpContext http, AskTellService askTell, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var request = http.Request;
        var (body, raw, problem) = await RequestBody.ReadJsonAsync<ResultRequest>(request, ct);
        if (problem is not null) return problem;
        string? idempotencyKey = request.Headers[IdempotencyHeader];
        if (idempotencyKey is not null && !IdempotencyKeys.IsValid(idempotencyKey))
            return ApiProblems.BadRequest("Bad Idempotency-Key", $"The {IdempotencyHeader} header {IdempotencyKeys.Rule}.");
        var keyId = ApiKeyIdentity.KeyIdOf(http.User)!;
        var requestHash = RequestHash(request, raw!);
        // The run and any answer stored under the idempotency key, in one round trip.
        var start = await askTell.StartReportAsync(id, runId, keyId, idempotencyKey, requestHash, ct);
        switch (start.Verdict)
        {
            case ReportVerdict.KeyReused: return KeyReused(idempotencyKey!);
            case ReportVerdict.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(start.Earlier!.Response, "application/json", Encoding.UTF8, start.Earlier.StatusCode);
        }

        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        ObservedRuns.Seconds(body.Seconds, "seconds", errors);
        ObservedRuns.LossCurve(body.LossCurve, "lossCurve", errors);
        if (errors.Count > 0) return ApiProblems.Invalid("The result is invalid", ObservedRuns.Freeze(errors));
        if (start.Verdict == ReportVerdict.StudyNotFound) return ApiProblems.StudyNotFound(id);
        if (start.Verdict == ReportVerdict.RunNotFound) return ApiProblems.RunNotFound(id, runId);

        var spec = start.Spec!;
        var objective = ObservedRuns.Metrics(spec, body.Metrics, "metrics", errors);
        var cost = ObservedRuns.Cost(body.Cost, ObservedRuns.Ladder(spec).MinBy(r => Math.Abs(r.Value - start.Fidelity))!.Cost, "cost", errors);
        if (errors.Count > 0 || objective is null) return ApiProblems.Invalid("The result is invalid", ObservedRuns.Freeze(errors));

        // An in-run run's record says what its trainer did (or that it never posted a round) before the study is told.
        if (ExternalInRunRounds.Serves(spec))
            await http.RequestServices.GetRequiredService<ExternalInRunRounds>().SealAsync(id, runId, body.LeaseToken!.Value, ct);
        var outcome = new RunOutcome(body.Metrics!, cost, body.Seconds ?? 0, body.LossCurve ?? []);
        var report = new ResultReport(start, body.LeaseToken!.Value, objective.Value, outcome, keyId, idempotencyKey, requestHash);
        var answer = await askTell.RecordAsync(report,
            r => JsonSerializer.Serialize(new ResultView(runId, id, r.Attempt, r.Objective, r.Cost, r.RecordedAt, r.ArtifactUri), json.Value.SerializerOptions), ct);
        return answer.Verdict switch
        {
            ReportVerdict.Recorded => Results.Text(answer.Answer!, "application/json", Encoding.UTF8, StatusCodes.Status200OK),
            ReportVerdict.KeyReused => KeyReused(idempotencyKey!),
            ReportVerdict.Conflict => ApiProblems.Conflict("Result conflicts with the recorded one", answer.Why!),
            _ => ApiProblems.Conflict("Result refused", answer.Why!),
        };
    }

    private static ProblemHttpResult KeyReused(string idempotencyKey) =>
        TypedResults.Problem($"{IdempotencyHeader} '{idempotencyKey}' was already used for a different request; use a new key for a new request.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");

    /// <summary>SHA-256 of what a request asks (method, path, body): the same key with another request is caught by it.</summary>
    private static byte[] RequestHash(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"POST {request.Path}\n"));
        hash.AppendData(body);
        return hash.GetHashAndReset();
    }

    private static async Task<Results<Ok<FailureView>, ProblemHttpResult, ValidationProblem>> FailAsync(
        Guid id, Guid runId, HttpRequest request, AskTellService askTell, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<FailureRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 2000) ObservedRuns.Add(errors, "reason", "Say why the attempt failed (1-2000 characters).");
        else if (Core.Text.TextRules.FreeTextProblem(body.Reason) is { } reason) ObservedRuns.Add(errors, "reason", $"The reason {reason}.");
        if (errors.Count > 0) return ApiProblems.Invalid("The failure report is invalid", ObservedRuns.Freeze(errors));
        var answer = await askTell.FailAsync(id, runId, body.LeaseToken!.Value, body.Reason!, ct);
        return answer.Verdict switch
        {
            LeaseVerdict.RunNotFound => ApiProblems.RunNotFound(id, runId),
            LeaseVerdict.Refused => ApiProblems.Conflict("Lease refused", answer.Why!),
            _ => TypedResults.Ok(new FailureView(runId, answer.RunFailed ? "Failed" : "Requeued")),
        };
    }

    private static async Task<Results<Created<ImportView>, ProblemHttpResult, ValidationProblem>> RecordObservedAsync(
        Guid id, HttpRequest request, AskTellService askTell, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<ObservedRunRequest>(request, ct);
        if (problem is not null) return problem;
        var study = await askTell.ObservedTargetAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var errors = new Dictionary<string, List<string>>();
        var observed = ObservedRuns.Validate(study.Spec, body!, "", errors);
        if (observed is null) return ApiProblems.Invalid("The run is invalid", ObservedRuns.Freeze(errors));
        return await ImportExportApi.RecordAsync(id, study.Status, [observed], askTell, ct);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Grains.Scheduling;
using MixOpt.Ledger;
using MixOpt.Ledger.AskTell;
using MixOpt.Ledger.Idempotency;
using MixOpt.Ledger.Leases;
using MixOpt.Ledger.Studies;
using MixOpt.Web.Auth;
using Npgsql;

namespace MixOpt.Web.Api;

/// <summary>
/// Ask/tell for external trainers: lease the next run of an <c>external</c> study, heartbeat it, report its
/// result (idempotently) or its failure; and record runs made before (warm start).
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
            .WithDescription("Hands the study's next queued run (lowest ordinal) to the caller: its mixture (domain → proportion), fidelity, a lease token and when the lease expires. 204 when no run is ready now (the study is proposing, paused, or finished: see the X-MixOpt-Study-Status header). Only studies with executor 'external' lease runs over REST. Expired leases of the study are swept first, so a run whose trainer vanished comes back.")
            .Accepts<LeaseRequest>("application/json")
            .Produces<LeaseView>(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ApiExample(request: """{"worker": "trainer-1", "leaseSeconds": 600}""",
                response: """{"runId": "0197a3c0-...", "studyId": "0197a3b2-...", "ordinal": 0, "attempt": 1, "mixture": {"web": 0.5, "code": 0.3, "books": 0.2}, "fidelity": 1, "fidelityName": "target", "leaseToken": "6f1c...", "leaseExpiresAt": "2025-01-01T12:10:00+00:00"}""");
        api.MapPost("/runs/{runId:guid}/heartbeat", HeartbeatAsync)
            .WithSummary("Extend a run's lease")
            .WithDescription("Extends the lease of a run the caller holds (by default by the lease duration the server uses). 409 when the token is not the run's current lease or it has already expired: the trainer should stop, because the run went back to the queue.")
            .Accepts<HeartbeatRequest>("application/json")
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "leaseSeconds": 600}""",
                response: """{"runId": "0197a3c0-...", "leaseExpiresAt": "2025-01-01T12:20:00+00:00"}""");
        api.MapPost("/runs/{runId:guid}/result", ReportAsync)
            .WithSummary("Report a run's result")
            .WithDescription("Records the run's metrics (per-domain losses 'loss:<domain>' and whatever the objective names), its cost (default: its rung's cost), seconds and optional loss curve, under the lease token. Send an Idempotency-Key header: a retry with the same key and body gets the same answer; the same key with another body is 422. A retry under the same lease without a key also gets the recorded result. An expired, superseded, unknown or another run's lease token is 409 and records nothing. After a result the study proposes more runs.")
            .Accepts<ResultRequest>("application/json")
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "metrics": {"loss:web": 3.21, "loss:code": 2.87, "loss:books": 3.45}, "cost": 1.0, "seconds": 512.3, "lossCurve": [10.8, 6.2, 4.1, 3.2]}""",
                response: """{"runId": "0197a3c0-...", "studyId": "0197a3b2-...", "attempt": 1, "objective": 3.1766, "cost": 1.0, "recordedAt": "2025-01-01T12:08:31+00:00"}""");
        api.MapPost("/runs/{runId:guid}/failure", FailAsync)
            .WithSummary("Report that a run's attempt failed")
            .WithDescription("Ends the attempt holding the lease as failed with the given reason. The run goes back to the queue for another attempt, or fails for good after the maximum number of attempts (response field 'run': 'Requeued' or 'Failed'). 409 when the token is not the run's current lease.")
            .Accepts<FailureRequest>("application/json")
            .ApiExample(request: """{"leaseToken": "6f1c2b1e-4a52-4f8e-9d7a-0c9f6e0d1a11", "reason": "CUDA out of memory"}""",
                response: """{"runId": "0197a3c0-...", "run": "Requeued"}""");
        api.MapPost("/runs", RecordObservedAsync)
            .WithSummary("Record a run made before (warm start)")
            .WithDescription("Records a finished run the user made outside MixOpt: its mixture (every domain of the study, proportions >= 0 summing to 1), fidelity (a rung of the study's ladder; default the target), metrics and cost. It becomes an observation the strategy learns from and spends none of the study's budget.")
            .Accepts<ObservedRunRequest>("application/json")
            .ApiExample(request: """{"mixture": {"web": 0.6, "code": 0.2, "books": 0.2}, "fidelity": 1, "metrics": {"loss:web": 3.1, "loss:code": 2.9, "loss:books": 3.5}, "cost": 1.0}""",
                response: """{"imported": 1, "runIds": ["0197a3c5-..."]}""");
        return routes;
    }

    private static async Task<Results<Ok<LeaseView>, NoContent, ProblemHttpResult, ValidationProblem>> LeaseAsync(
        Guid id, HttpContext http, StudySpecCache specs, AskTellLedger askTell, StudyLedger ledger, RunLeaseLedger leases, LeaseSweeps sweeps,
        StudyNudger nudger, IOptions<SchedulerOptions> options, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<LeaseRequest>(http.Request, ct, optional: true);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body?.LeaseSeconds is { } s && s is < 1 or > MaxLeaseSeconds) ObservedRuns.Add(errors, "leaseSeconds", $"Lease seconds must be between 1 and {MaxLeaseSeconds}, got {s}.");
        if (body?.Worker is { } w && (w.Length is 0 or > 100 || w.Any(char.IsControl))) ObservedRuns.Add(errors, "worker", "Worker must be 1-100 printable characters.");
        if (errors.Count > 0) return ApiProblems.Invalid("The lease request is invalid", ObservedRuns.Freeze(errors));

        var spec = await specs.FindAsync(id, ct);
        if (spec is null) return ApiProblems.StudyNotFound(id);
        if (!spec.IsExternal)
            return ApiProblems.Conflict("Study is not external", $"Study {id} uses the '{spec.Executor}' executor: its runs are executed by MixOpt's workers. Only 'external' studies lease runs over REST.");

        await sweeps.SweepAsync(id, ct);
        var worker = body?.Worker ?? "external:" + ApiKeyIdentity.KeyIdOf(http.User);
        var leaseFor = body?.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Value.LeaseDuration;
        // One statement reads the study's status and, only while it is pending or running, leases its next queued run.
        StudyLeaseAnswer? answer;
        try
        {
            answer = await askTell.LeaseNextAsync(id, worker, leaseFor, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A queued run that still had a live attempt: the ledger's transaction supersedes it.
            answer = await LeaseSupersedingAsync(id, worker, leaseFor, ledger, leases, ct);
        }
        if (answer is null)
        {
            specs.Forget(id);
            return ApiProblems.StudyNotFound(id);
        }
        http.Response.Headers["X-MixOpt-Study-Status"] = answer.Status.ToString();
        if (answer.Status != StudyStatus.Running && answer.Status != StudyStatus.Pending) return TypedResults.NoContent();
        if (answer.Run is not { } run)
        {
            // Nothing queued: make sure the study is proposing (a lost nudge costs a trainer a poll, not a stall).
            nudger.Nudge(id, Guid.Empty);
            return TypedResults.NoContent();
        }
        var rung = ObservedRuns.Ladder(spec).FirstOrDefault(r => r.Value == run.Fidelity);
        return TypedResults.Ok(new LeaseView(run.Lease.RunId, id, run.Ordinal, run.Lease.Attempt, StudyViews.Named(spec.DomainNames, run.Mixture),
            run.Fidelity, rung?.Name, run.Lease.Token, run.Lease.ExpiresAt));
    }

    private static async Task<StudyLeaseAnswer?> LeaseSupersedingAsync(
        Guid id, string worker, TimeSpan leaseFor, StudyLedger ledger, RunLeaseLedger leases, CancellationToken ct)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return null;
        if (study.Status != StudyStatus.Running && study.Status != StudyStatus.Pending) return new StudyLeaseAnswer(study.Status, null);
        var lease = await leases.LeaseNextAsync(id, worker, leaseFor, ct);
        if (lease is null) return new StudyLeaseAnswer(study.Status, null);
        var run = (await ledger.FindRunAsync(lease.RunId, ct))!;
        return new StudyLeaseAnswer(study.Status, new LeasedRun(lease, run.Ordinal, run.Mixture, run.Fidelity));
    }

    private static async Task<Results<Ok<HeartbeatView>, ProblemHttpResult, ValidationProblem>> HeartbeatAsync(
        Guid id, Guid runId, HttpRequest request, StudyLedger ledger, RunLeaseLedger leases, IOptions<SchedulerOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<HeartbeatRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        if (body.LeaseSeconds is { } s && s is < 1 or > MaxLeaseSeconds) ObservedRuns.Add(errors, "leaseSeconds", $"Lease seconds must be between 1 and {MaxLeaseSeconds}, got {s}.");
        if (errors.Count > 0) return ApiProblems.Invalid("The heartbeat is invalid", ObservedRuns.Freeze(errors));

        var run = await ledger.FindRunAsync(runId, ct);
        if (run is null || run.StudyId != id) return ApiProblems.RunNotFound(id, runId);
        var leaseFor = body.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Value.LeaseDuration;
        var expires = await leases.HeartbeatAsync(runId, body.LeaseToken!.Value, leaseFor, ct);
        if (expires is null)
            return ApiProblems.Conflict("Lease refused", await LeaseRefusal.ExplainAsync(leases, run, body.LeaseToken.Value, clock.GetUtcNow(), ct));
        return TypedResults.Ok(new HeartbeatView(runId, expires.Value));
    }

    private static async Task<IResult> ReportAsync(
        Guid id, Guid runId, HttpContext http, StudySpecCache specs, AskTellLedger askTell, StudyLedger ledger, RunLeaseLedger leases,
        IdempotencyLedger idempotency, IArtifactStore artifacts, StudyNudger nudger, IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
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
        var (run, earlier) = await askTell.FindForResultAsync(runId, keyId, idempotencyKey, ct);
        if (earlier is not null)
        {
            if (!earlier.RequestHash.AsSpan().SequenceEqual(requestHash))
                return TypedResults.Problem($"{IdempotencyHeader} '{idempotencyKey}' was already used for a different request; use a new key for a new request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(earlier.Response, "application/json", Encoding.UTF8, earlier.StatusCode);
        }

        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        ObservedRuns.Seconds(body.Seconds, "seconds", errors);
        ObservedRuns.LossCurve(body.LossCurve, "lossCurve", errors);
        if (errors.Count > 0) return ApiProblems.Invalid("The result is invalid", ObservedRuns.Freeze(errors));

        var spec = await specs.FindAsync(id, ct);
        if (spec is null) return ApiProblems.StudyNotFound(id);
        if (run is null || run.StudyId != id)
        {
            // The spec may be cached from before the study was deleted: ask the ledger which of the two is missing.
            if (await ledger.FindStudyAsync(id, ct) is null)
            {
                specs.Forget(id);
                return ApiProblems.StudyNotFound(id);
            }
            return ApiProblems.RunNotFound(id, runId);
        }
        var objective = ObservedRuns.Metrics(spec, body.Metrics, "metrics", errors);
        var cost = ObservedRuns.Cost(body.Cost, ObservedRuns.Ladder(spec).MinBy(r => Math.Abs(r.Value - run.Fidelity))!.Cost, "cost", errors);
        if (errors.Count > 0 || objective is null) return ApiProblems.Invalid("The result is invalid", ObservedRuns.Freeze(errors));

        var token = body.LeaseToken!.Value;
        var now = askTell.Now();
        var outcome = new RunOutcome(body.Metrics!, cost, body.Seconds ?? 0, body.LossCurve ?? []);
        // A result that cannot be the run's (not its live lease) is refused before anything is stored anywhere.
        var plausible = run.IsLive(token, now);
        string? uri = null;
        if (plausible)
        {
            if (body.LossCurve is { Count: > 0 })
            {
                var document = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    studyId = id, runId, run.Ordinal, mixture = run.Mixture, run.Fidelity, objective, cost,
                    seconds = outcome.Seconds, metrics = outcome.Metrics, lossCurve = outcome.LossCurve,
                }, StudySpecJson.Options);
                uri = (await artifacts.PutAsync(ArtifactPaths.RunResult(id, run.Ordinal), BinaryData.FromBytes(document), "application/json", ct)).ToString();
            }
            ResultChecks.ThrowIfInvalid(outcome, objective.Value);
            // The lease names the attempt (run.Attempts while the token is current), so the answer is known before the
            // write and is stored with the result in one statement.
            var answer = JsonSerializer.Serialize(new ResultView(runId, id, run.Attempts, objective.Value, cost, now, uri), json.Value.SerializerOptions);
            var write = await askTell.RecordResultAsync(new LiveResult(id, runId, token, now, objective.Value, cost, outcome.Seconds, uri, outcome.Metrics,
                idempotencyKey is null ? null : new IdempotentAnswer(keyId, idempotencyKey, requestHash, answer)), ct);
            if (write.RecordedAttempt is not null)
            {
                nudger.Nudge(id, runId);
                // A concurrent request with the same key stored its answer first: every retry gets that one.
                if (idempotencyKey is not null && !write.AnswerStored)
                    answer = (await idempotency.FindAsync(keyId, idempotencyKey, ct))?.Response ?? answer;
                return Results.Text(answer, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
            }
        }

        // Not recorded just now: a retry of a recorded result, a lease that expired or was superseded meanwhile, or a refusal.
        ResultRecording recording = plausible || run.State == RunState.Succeeded
            ? await leases.RecordResultAsync(runId, token, outcome, objective.Value, uri, ct)
            : ResultRecording.Refused;
        if (recording == ResultRecording.Refused)
            return ApiProblems.Conflict("Result refused", await LeaseRefusal.ExplainAsync(leases, (await ledger.FindRunAsync(runId, ct))!, token, clock.GetUtcNow(), ct));
        if (recording == ResultRecording.Recorded) nudger.Nudge(id, runId);

        var stored = (await ledger.FindResultAsync(runId, ct))!;
        var view = new ResultView(runId, id, stored.Attempt, stored.Objective, stored.Cost, stored.RecordedAt, stored.ArtifactUri);
        var text = JsonSerializer.Serialize(view, json.Value.SerializerOptions);
        if (idempotencyKey is not null)
        {
            var saved = await idempotency.SaveAsync(keyId, idempotencyKey, id, requestHash, StatusCodes.Status200OK, text, ct);
            text = saved.Response;
        }
        return Results.Text(text, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
    }

    /// <summary>SHA-256 of what a request asks (method, path, body): the same key with another request is caught by it.</summary>
    private static byte[] RequestHash(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"POST {request.Path}\n"));
        hash.AppendData(body);
        return hash.GetHashAndReset();
    }

    private static async Task<Results<Ok<FailureView>, ProblemHttpResult, ValidationProblem>> FailAsync(
        Guid id, Guid runId, HttpRequest request, StudyLedger ledger, RunLeaseLedger leases, StudyNudger nudger,
        IOptions<SchedulerOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<FailureRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, List<string>>();
        if (body!.LeaseToken is null) ObservedRuns.Add(errors, "leaseToken", "The lease token is required.");
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 2000) ObservedRuns.Add(errors, "reason", "Say why the attempt failed (1-2000 characters).");
        else if (Core.Text.TextRules.FreeTextProblem(body.Reason) is { } reason) ObservedRuns.Add(errors, "reason", $"The reason {reason}.");
        if (errors.Count > 0) return ApiProblems.Invalid("The failure report is invalid", ObservedRuns.Freeze(errors));
        var run = await ledger.FindRunAsync(runId, ct);
        if (run is null || run.StudyId != id) return ApiProblems.RunNotFound(id, runId);
        var end = await leases.FailAttemptAsync(runId, body.LeaseToken!.Value, body.Reason!, options.Value.MaxAttempts, ct);
        if (end == AttemptEnd.Stale)
            return ApiProblems.Conflict("Lease refused", await LeaseRefusal.ExplainAsync(leases, run, body.LeaseToken.Value, clock.GetUtcNow(), ct));
        if (end == AttemptEnd.RunFailed) nudger.Nudge(id, runId);
        return TypedResults.Ok(new FailureView(runId, end == AttemptEnd.RunFailed ? "Failed" : "Requeued"));
    }

    private static async Task<Results<Created<ImportView>, ProblemHttpResult, ValidationProblem>> RecordObservedAsync(
        Guid id, HttpRequest request, StudyLedger ledger, StudyControlLedger control, StudyNudger nudger, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<ObservedRunRequest>(request, ct);
        if (problem is not null) return problem;
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var spec = StudySpecJson.Deserialize(study.Spec);
        var errors = new Dictionary<string, List<string>>();
        var observed = ObservedRuns.Validate(spec, body!, "", errors);
        if (observed is null) return ApiProblems.Invalid("The run is invalid", ObservedRuns.Freeze(errors));
        return await ImportExportApi.RecordAsync(id, study.Status, [observed], control, nudger, ct);
    }
}

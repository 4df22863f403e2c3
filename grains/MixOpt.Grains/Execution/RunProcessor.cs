using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Grains.Scheduling;
using MixOpt.Ledger;
using MixOpt.Ledger.InRun;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Execution;

/// <summary>
/// Executes one attempt of a run outside any grain: leases the run in the ledger, runs the study's executor while
/// heartbeating the lease, stores the result artifact, records the result under the lease, then tells the study
/// and the scheduler. Losing the lease (the run was re-queued elsewhere) stops the executor.
/// </summary>
public sealed class RunProcessor(
    StudySpecCache specs,
    RunLifecycle lifecycle,
    IArtifactStore artifacts,
    IEnumerable<IRunExecutor> executors,
    IGrainFactory grains,
    IOptions<SchedulerOptions> options,
    ILogger<RunProcessor> log,
    InRunLedger inRun)
{
    private readonly Dictionary<string, IRunExecutor> _executors = executors.ToDictionary(e => e.Name);
    private SchedulerOptions Options => options.Value;

    public async Task ProcessAsync(RunTicket ticket, string worker, RunControl control)
    {
        var ct = control.Token;
        var requeue = false;
        try
        {
            var leased = await lifecycle.StartAttemptAsync(ticket.RunId, worker, Options.LeaseDuration, ct);
            if (leased is not null) requeue = await ExecuteLeasedAsync(ticket, leased, control);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ledger did not answer (or the lease could not be taken): the run stays queued or its lease expires,
            // and the scheduler's sweep brings it back.
            log.LogError(e, "Run {RunId}: attempt on {Worker} could not start or end cleanly", ticket.RunId, worker);
        }
        catch (OperationCanceledException) { }
        // One report frees the slot, re-queues the run or tells its study (not after a cancellation or host stop).
        await ReportAsync(() => grains.GetGrain<ISchedulerGrain>(0).SlotDone(worker, ticket, requeue, tellStudy: !requeue && !ct.IsCancellationRequested), "scheduler", ticket);
    }

    /// <summary>
    /// Tells a grain what happened. If it cannot be reached (its silo just died), the ledger already holds the truth
    /// and the scheduler's rebuild or the study's periodic resume picks it up.
    /// </summary>
    private async Task ReportAsync(Func<Task> call, string whom, RunTicket ticket)
    {
        try { await call(); }
        catch (Exception e) { log.LogWarning(e, "Run {RunId}: could not report to the {Whom}", ticket.RunId, whom); }
    }

    /// <summary>Returns true when the run went back to the queue for another attempt.</summary>
    private async Task<bool> ExecuteLeasedAsync(RunTicket ticket, LeasedRun leased, RunControl control)
    {
        var lease = leased.Lease;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(control.Token);
        var heartbeats = HeartbeatAsync(lease, attempt);
        try
        {
            await ExecuteAsync(ticket, leased, attempt.Token);
            return false;
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            // Host stopping, run cancelled, or lease lost: leave the ledger as it is. A resumed study, the lease's
            // expiry or the attempt that superseded this one takes it from here.
            log.LogInformation("Run {RunId} attempt {Attempt} stopped before finishing", ticket.RunId, lease.Attempt);
            if (control.CancelRequested)
                await lifecycle.NoteStoppedAsync(lease.Token,
                    $"executor observed the cancellation on {lease.Worker} and stopped {control.SinceCancel.TotalMilliseconds:0} ms after the request",
                    CancellationToken.None);
            return false;
        }
        catch (Exception e)
        {
            log.LogError(e, "Run {RunId} of study {StudyId}, attempt {Attempt}, failed", ticket.RunId, ticket.StudyId, lease.Attempt);
            var end = await lifecycle.FailAttemptAsync(ticket.RunId, lease.Token, e.Message, Options.MaxAttempts, CancellationToken.None);
            return end == AttemptEnd.Requeued;
        }
        finally
        {
            await attempt.CancelAsync();
            await heartbeats;
        }
    }

    /// <summary>Extends the lease until the attempt ends; cancels the attempt if the lease is lost.</summary>
    private async Task HeartbeatAsync(RunLease lease, CancellationTokenSource attempt)
    {
        using var timer = new PeriodicTimer(Options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(attempt.Token))
            {
                if (await lifecycle.HeartbeatAsync(lease.RunId, lease.Token, Options.LeaseDuration, attempt.Token) is null)
                {
                    log.LogWarning("Run {RunId} attempt {Attempt} lost its lease; stopping it", lease.RunId, lease.Attempt);
                    await attempt.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            // A failed heartbeat (ledger briefly down) is not fatal: the next one may succeed before the lease runs out.
            log.LogWarning(e, "Heartbeat of run {RunId} failed", lease.RunId);
        }
    }

    private async Task ExecuteAsync(RunTicket ticket, LeasedRun leased, CancellationToken ct)
    {
        var lease = leased.Lease;
        var spec = await specs.GetAsync(ticket.StudyId, ct);
        if (!_executors.TryGetValue(spec.Executor, out var executor))
            throw new InvalidOperationException($"No executor '{spec.Executor}' on worker {lease.Worker}.");

        var request = new RunRequest(ticket.StudyId, ticket.RunId, leased.Ordinal, lease.Attempt, spec, Mixture.Create(leased.Mixture), leased.Fidelity);
        var outcome = await executor.ExecuteAsync(request, ct);
        var objective = spec.Objective.Score(outcome.Metrics, spec.DomainNames);

        var hash = RunLifecycle.HashOf(outcome, objective);
        string? uri = null;
        if (ResultDocument.IsWorthStoring(spec, outcome))
        {
            var document = JsonSerializer.SerializeToUtf8Bytes(new
            {
                studyId = ticket.StudyId, runId = ticket.RunId, leased.Ordinal, attempt = lease.Attempt, worker = lease.Worker,
                mixture = leased.Mixture, leased.Fidelity, objective, outcome.Cost, outcome.Seconds,
                metrics = outcome.Metrics, lossCurve = outcome.LossCurve, inRun = outcome.InRun,
            }, StudySpecJson.Options);
            uri = (await artifacts.PutAsync(ArtifactPaths.RunResult(ticket.StudyId, leased.Ordinal, lease.Attempt, hash), BinaryData.FromBytes(document), "application/json", ct)).ToString();
        }

        // The trajectory goes in before the result, so a study that completes on this result finds it.
        if (outcome.InRun is { } trajectory) await inRun.RecordAsync(ticket.RunId, trajectory, ct);
        var decision = await lifecycle.RecordResultAsync(new ReportedResult(ticket.StudyId, ticket.RunId, lease.Token, objective, outcome, uri, hash), ct);
        if (decision.Recording is ResultRecording.Refused or ResultRecording.Conflict)
            log.LogInformation("Run {RunId} attempt {Attempt}: result not recorded: {Why}", ticket.RunId, lease.Attempt, decision.Why);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Ledger;

namespace MixOpt.Grains.Execution;

/// <summary>
/// Executes one attempt of a run outside any grain: claims the attempt in the ledger, runs the study's executor,
/// stores the result artifact, records the result once, then tells the study and the scheduler.
/// </summary>
public sealed class RunProcessor(
    StudyLedger ledger,
    IArtifactStore artifacts,
    IEnumerable<IRunExecutor> executors,
    IGrainFactory grains,
    ILogger<RunProcessor> log)
{
    private readonly Dictionary<string, IRunExecutor> _executors = executors.ToDictionary(e => e.Name);

    public async Task ProcessAsync(RunTicket ticket, string worker, CancellationToken ct)
    {
        var finished = true;
        try
        {
            finished = await ExecuteAsync(ticket, worker, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Host shutting down or run cancelled: leave the ledger as it is; a resumed study re-queues the run.
            finished = false;
            log.LogInformation("Run {RunId} stopped before finishing", ticket.RunId);
        }
        catch (Exception e)
        {
            log.LogError(e, "Run {RunId} of study {StudyId} failed", ticket.RunId, ticket.StudyId);
            await ledger.FailRunAsync(ticket.RunId, e.Message, CancellationToken.None);
        }
        finally
        {
            await grains.GetGrain<ISchedulerGrain>(0).WorkerIdle(worker, ticket.RunId);
        }
        if (finished) await grains.GetGrain<IStudyGrain>(ticket.StudyId).RunFinished(ticket.RunId);
    }

    private async Task<bool> ExecuteAsync(RunTicket ticket, string worker, CancellationToken ct)
    {
        var attempt = await ledger.StartAttemptAsync(ticket.RunId, worker, ct);
        if (attempt is null) return true; // finished or cancelled meanwhile: nothing to run
        var study = await ledger.FindStudyAsync(ticket.StudyId, ct) ?? throw new InvalidOperationException($"Study {ticket.StudyId} is not in the ledger.");
        var run = await ledger.FindRunAsync(ticket.RunId, ct) ?? throw new InvalidOperationException($"Run {ticket.RunId} is not in the ledger.");
        var spec = StudySpecJson.Deserialize(study.Spec);
        if (!_executors.TryGetValue(spec.Executor, out var executor))
            throw new InvalidOperationException($"No executor '{spec.Executor}' on worker {worker}.");

        var request = new RunRequest(ticket.StudyId, ticket.RunId, run.Ordinal, attempt.Value, spec, Mixture.Create(run.Mixture), run.Fidelity);
        var outcome = await executor.ExecuteAsync(request, ct);
        var objective = spec.Objective.Score(outcome.Metrics, spec.DomainNames);

        var document = JsonSerializer.SerializeToUtf8Bytes(new
        {
            studyId = ticket.StudyId, runId = ticket.RunId, run.Ordinal, attempt, worker,
            mixture = run.Mixture, run.Fidelity, objective, outcome.Cost, outcome.Seconds,
            metrics = outcome.Metrics, lossCurve = outcome.LossCurve,
        }, StudySpecJson.Options);
        var uri = await artifacts.PutAsync(ArtifactPaths.RunResult(ticket.StudyId, run.Ordinal), BinaryData.FromBytes(document), "application/json", ct);

        if (!await ledger.RecordResultAsync(ticket.RunId, attempt.Value, outcome, objective, uri.ToString(), ct))
            log.LogInformation("Run {RunId} already had a result; attempt {Attempt}'s was not recorded", ticket.RunId, attempt);
        return true;
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Grains.Scheduling;
using MixOpt.Ledger;
using MixOpt.Ledger.Idempotency;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.AskTell;

/// <summary>
/// The application service behind ask/tell (external trainers over REST): leases, heartbeats, results and failures
/// go through the run lifecycle, and every finished run is told to the study's grain, which decides what comes next.
/// A result report is checked, its artifact written per attempt and report, recorded (with its idempotent answer in the
/// same statement) and, when it lost, explained, so the web layer only translates requests and answers.
/// </summary>
public sealed class AskTellService(
    RunLifecycle lifecycle, StudyLedger ledger, StudyControlLedger control, StudySpecCache specs, IdempotencyLedger idempotency,
    IArtifactStore artifacts, IGrainFactory grains, IOptions<SchedulerOptions> options, ILogger<AskTellService> log)
{
    public TimeSpan DefaultLease => options.Value.LeaseDuration;

    /// <summary>The study's spec (cached: only what never changes after submission is read from it); null when there is no such study.</summary>
    public ValueTask<StudySpec?> SpecAsync(Guid studyId, CancellationToken ct) => specs.FindAsync(studyId, ct);

    /// <summary>
    /// Leases the study's next queued run; null when the study does not exist. When nothing is queued the study is
    /// told, so it proposes (a lost message costs a trainer a poll, not a stall).
    /// </summary>
    public async Task<LeaseOutcome?> LeaseAsync(Guid studyId, string worker, TimeSpan? leaseFor, CancellationToken ct)
    {
        var answer = await lifecycle.LeaseNextAsync(studyId, worker, leaseFor ?? DefaultLease, ct);
        if (answer is null)
        {
            specs.Forget(studyId);
            return null;
        }
        if (answer.Run is null && answer.Status is StudyStatus.Pending or StudyStatus.Running) Tell(studyId, Guid.Empty);
        return new LeaseOutcome(answer.Status, answer.Run is not { } run ? null
            : new LeaseGrant(run.Lease.RunId, run.Ordinal, run.Lease.Attempt, run.Mixture, run.Fidelity, run.Lease.Token, run.Lease.ExpiresAt));
    }

    /// <summary>Extends a lease of one of the study's runs.</summary>
    public async Task<LeaseAnswer> HeartbeatAsync(Guid studyId, Guid runId, Guid token, TimeSpan? leaseFor, CancellationToken ct)
    {
        var run = await ledger.FindRunAsync(runId, ct);
        if (run is null || run.StudyId != studyId) return new LeaseAnswer(LeaseVerdict.RunNotFound, null, null);
        var expires = await lifecycle.HeartbeatAsync(runId, token, leaseFor ?? DefaultLease, ct);
        if (expires is not null) return new LeaseAnswer(LeaseVerdict.Done, expires, null);
        return new LeaseAnswer(LeaseVerdict.Refused, null, await ExplainAsync(studyId, runId, token, ct));
    }

    /// <summary>Ends an attempt as failed; the run is queued again or fails for good (and its study is told).</summary>
    public async Task<LeaseAnswer> FailAsync(Guid studyId, Guid runId, Guid token, string reason, CancellationToken ct)
    {
        var run = await ledger.FindRunAsync(runId, ct);
        if (run is null || run.StudyId != studyId) return new LeaseAnswer(LeaseVerdict.RunNotFound, null, null);
        var end = await lifecycle.FailAttemptAsync(runId, token, reason, options.Value.MaxAttempts, ct);
        if (end == AttemptEnd.Stale) return new LeaseAnswer(LeaseVerdict.Refused, null, await ExplainAsync(studyId, runId, token, ct));
        if (end == AttemptEnd.RunFailed) Tell(studyId, runId);
        return new LeaseAnswer(LeaseVerdict.Done, null, null, RunFailed: end == AttemptEnd.RunFailed);
    }

    /// <summary>
    /// First step of a report, one round trip: the run's lease state and, with an idempotency key, the answer stored
    /// for it. A stored answer for the same request is replayed; one for another request is <see cref="ReportVerdict.KeyReused"/>.
    /// </summary>
    public async Task<ReportStart> StartReportAsync(Guid studyId, Guid runId, string apiKeyId, string? idempotencyKey, byte[] requestHash, CancellationToken ct)
    {
        var (run, earlier) = await lifecycle.FindForReportAsync(runId, apiKeyId, idempotencyKey, ct);
        if (earlier is not null)
            return earlier.RequestHash.AsSpan().SequenceEqual(requestHash)
                ? new ReportStart(ReportVerdict.Replayed, null, 0, new StoredReply(earlier.StatusCode, earlier.Response))
                : new ReportStart(ReportVerdict.KeyReused, null, 0, null);
        var spec = await specs.FindAsync(studyId, ct);
        if (spec is null) return new ReportStart(ReportVerdict.StudyNotFound, null, 0, null);
        if (run is null || run.StudyId != studyId)
        {
            // The spec may be cached from before the study was deleted: ask the ledger which of the two is missing.
            if (await ledger.FindStudyAsync(studyId, ct) is null)
            {
                specs.Forget(studyId);
                return new ReportStart(ReportVerdict.StudyNotFound, null, 0, null);
            }
            return new ReportStart(ReportVerdict.RunNotFound, null, 0, null);
        }
        return new ReportStart(ReportVerdict.Ready, spec, run.Fidelity, null) { Run = run };
    }

    /// <summary>
    /// Second step: records a checked result under <paramref name="report"/>'s lease. The loss-curve document is
    /// written only when the lease is live, to a path of its own attempt and report (so no other report can overwrite
    /// the recorded one's), and deleted again when the ledger did not take this report. <paramref name="answer"/> writes
    /// the response for a recorded result; it is stored under the idempotency key in the same statement.
    /// </summary>
    public async Task<ReportAnswer> RecordAsync(ResultReport report, Func<RecordedReport, string> answer, CancellationToken ct)
    {
        var run = report.Start.Run ?? throw new ArgumentException("Only a report whose first step is Ready can be recorded.", nameof(report));
        var now = lifecycle.Now();
        string? uri = null;
        string? path = null;
        if (run.IsLive(report.LeaseToken, now) && report.Outcome.LossCurve.Count > 0)
        {
            var document = JsonSerializer.SerializeToUtf8Bytes(new
            {
                studyId = run.StudyId, runId = run.RunId, run.Ordinal, attempt = run.Attempts, mixture = run.Mixture, run.Fidelity,
                objective = report.Objective, report.Outcome.Cost, report.Outcome.Seconds, metrics = report.Outcome.Metrics, lossCurve = report.Outcome.LossCurve,
            }, StudySpecJson.Options);
            path = ArtifactPaths.RunResult(run.StudyId, run.Ordinal, run.Attempts, report.RequestHash);
            uri = (await artifacts.PutAsync(path, BinaryData.FromBytes(document), "application/json", ct)).ToString();
        }
        // While the token is current it names the attempt (run.Attempts), so the answer is known before the write.
        var mine = answer(new RecordedReport(run.Attempts, report.Objective, report.Outcome.Cost, now, uri));
        var stored = report.IdempotencyKey is null ? null : new IdempotentAnswer(report.ApiKeyId, report.IdempotencyKey, report.RequestHash, mine);
        var decision = await lifecycle.RecordResultAsync(
            new ReportedResult(run.StudyId, run.RunId, report.LeaseToken, report.Objective, report.Outcome, uri, report.RequestHash, stored, now), ct);

        switch (decision.Recording)
        {
            case ResultRecording.Recorded:
                Tell(run.StudyId, run.RunId);
                // A concurrent retry with the same key stored the answer first: every retry gets that one.
                if (report.IdempotencyKey is not null && !decision.AnswerStored)
                    mine = (await idempotency.FindAsync(report.ApiKeyId, report.IdempotencyKey, ct))?.Response ?? mine;
                return new ReportAnswer(ReportVerdict.Recorded, mine, null);
            case ResultRecording.AlreadyRecorded:
                // A retry of the recorded report: the recorded result's answer, remembered under the key from now on.
                var recorded = decision.Result!;
                var text = answer(new RecordedReport(recorded.Attempt, recorded.Objective, recorded.Cost, recorded.RecordedAt, recorded.ArtifactUri));
                if (report.IdempotencyKey is not null)
                    text = (await idempotency.SaveAsync(report.ApiKeyId, report.IdempotencyKey, run.StudyId, report.RequestHash, 200, text, ct)).Response;
                return new ReportAnswer(ReportVerdict.Recorded, text, null);
            default:
                if (path is not null) await ForgetArtifactAsync(path);
                // A concurrent request with this key and another body won: that is a reused key, not a lost race.
                if (report.IdempotencyKey is not null
                    && await idempotency.FindAsync(report.ApiKeyId, report.IdempotencyKey, ct) is { } winner
                    && !winner.RequestHash.AsSpan().SequenceEqual(report.RequestHash))
                    return new ReportAnswer(ReportVerdict.KeyReused, null, null);
                return new ReportAnswer(decision.Recording == ResultRecording.Conflict ? ReportVerdict.Conflict : ReportVerdict.Refused, null, decision.Why);
        }
    }

    /// <summary>The spec and status that runs recorded from outside are checked against; null when there is no such study.</summary>
    public async Task<ObservedTarget?> ObservedTargetAsync(Guid studyId, CancellationToken ct)
    {
        var study = await ledger.FindStudyAsync(studyId, ct);
        return study is null ? null : new ObservedTarget(StudySpecJson.Deserialize(study.Spec), study.Status);
    }

    /// <summary>
    /// Writes runs made outside MixOpt as observations of an unfinished study (all or none), and tells the study; null
    /// when the study finished or was deleted meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<Guid>?> RecordObservedAsync(Guid studyId, IReadOnlyList<ObservedRun> observed, CancellationToken ct)
    {
        var rows = await control.RecordObservedAsync(studyId, observed, ct);
        if (rows is null) return null;
        Tell(studyId, rows[0].Id);
        return rows.Select(r => r.Id).ToList();
    }

    private Task<string> ExplainAsync(Guid studyId, Guid runId, Guid token, CancellationToken ct) => lifecycle.ExplainRefusalAsync(runId, token, ct);

    private async Task ForgetArtifactAsync(string path)
    {
        try { await artifacts.DeletePrefixAsync(path); }
        catch (Exception e) { log.LogWarning(e, "Could not delete the artifact {Path} of a report the ledger refused", path); }
    }

    /// <summary>One-way and coalesced by the grain: the request never waits for the study's decision.</summary>
    private void Tell(Guid studyId, Guid runId) => _ = grains.GetGrain<IStudyGrain>(studyId).RunFinished(runId);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MixOpt.Core.Execution;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace MixOpt.Ledger.Runs;

/// <summary>
/// The one store of a run's life: queue, start an attempt (lease), heartbeat, record the result, fail, expire, revoke,
/// cancel. Worker slots, the REST ask/tell path, the scheduler's sweeps and cancellations all go through here, and each
/// transition is one statement (or one batch) of <see cref="RunLifecycleSql"/> in one round trip on the ledger's
/// shared data source (prepared once per connection). docs/RUN_LIFECYCLE.md lists what each guarantees.
/// </summary>
/// <remarks><paramref name="metrics"/> counts each transition once, after its statement succeeded (null: not counted).</remarks>
public sealed class RunLifecycle(LedgerCommands commands, TimeProvider clock, RunMetrics? metrics = null)
{
    /// <summary>The time a transition made now records (the ledger keeps microseconds, so answers show what a read gives).</summary>
    public DateTimeOffset Now()
    {
        var t = clock.GetUtcNow();
        return t.AddTicks(-(t.Ticks % 10));
    }

    /// <summary>
    /// Queues a proposal round as runs with the study's next ordinals, and counts the round, in one statement. The
    /// (study, ordinal) unique key makes a duplicate write of the same round fail instead of adding runs.
    /// </summary>
    public async Task<IReadOnlyList<RunRow>> QueueAsync(Guid studyId, int round, IReadOnlyList<Proposal> proposals, CancellationToken ct = default)
    {
        var mixtures = proposals.Select(p => p.Mixture.ToArray()).ToList();
        var width = mixtures.Count == 0 ? 0 : mixtures[0].Length;
        if (mixtures.Any(m => m.Length != width)) throw new ArgumentException("Proposals of one round must have the same domains.", nameof(proposals));
        var ids = proposals.Select(_ => Guid.CreateVersion7()).ToArray();
        var fidelities = proposals.Select(p => p.Fidelity).ToArray();
        var flat = mixtures.SelectMany(m => m).ToArray();
        var queued = await commands.ExecuteAsync(async c =>
        {
            var now = Now();
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.Queue, studyId, round, now, ids, flat, width, fidelities);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) == 0) throw new InvalidOperationException($"Study {studyId} is not in the ledger.");
            var last = reader.GetInt32(1);
            return (IReadOnlyList<RunRow>)proposals.Select((p, i) => new RunRow
            {
                Id = ids[i], StudyId = studyId, Ordinal = last + 1 + i, Round = round, Mixture = mixtures[i],
                Fidelity = p.Fidelity, State = RunState.Queued, CreatedAt = now,
            }).ToList();
        }, ct);
        metrics?.Queued(queued.Count);
        return queued;
    }

    /// <summary>
    /// Starts a new attempt of a pending run for a worker slot (superseding any attempt still active: its worker is gone
    /// or the run was re-queued) and returns its lease with what executing the run needs; null when the run has finished
    /// or does not exist.
    /// </summary>
    public async Task<LeasedRun?> StartAttemptAsync(Guid runId, string worker, TimeSpan leaseFor, CancellationToken ct = default)
    {
        var leased = await commands.ExecuteAsync(async c =>
        {
            var (token, now, expires) = NewLease(leaseFor);
            await using var batch = LedgerCommands.Batch(c,
                (RunLifecycleSql.TakeRun, [runId, nameof(RunState.Running), worker, now, token, expires]),
                (RunLifecycleSql.Supersede, [token, now, worker]),
                (RunLifecycleSql.AddAttempt, [token]));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Leased(reader, token, worker, expires) : null;
        }, ct);
        if (leased is not null) metrics?.Leased(runId, "slot");
        return leased;
    }

    /// <summary>
    /// Leases the study's next queued run (lowest ordinal) to an external trainer if the study is pending or running,
    /// in one round trip; concurrent callers never get the same run. Null when there is no such study.
    /// </summary>
    public async Task<StudyLeaseAnswer?> LeaseNextAsync(Guid studyId, string worker, TimeSpan leaseFor, CancellationToken ct = default)
    {
        var answer = await commands.ExecuteAsync(async c =>
        {
            var (token, now, expires) = NewLease(leaseFor);
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.LeaseNext, studyId, worker, now, token, expires);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var status = Enum.Parse<StudyStatus>(reader.GetString(0));
            if (await reader.IsDBNullAsync(1, ct)) return new StudyLeaseAnswer(status, null);
            var lease = new RunLease(reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3), token, worker, expires);
            return new StudyLeaseAnswer(status, new LeasedRun(lease, reader.GetInt32(4), reader.GetFieldValue<double[]>(5), reader.GetDouble(6)));
        }, ct);
        if (answer?.Run is { } run) metrics?.Leased(run.Lease.RunId, "external");
        return answer;
    }

    /// <summary>Extends a live lease; returns the new expiry, or null when the lease is not current or has expired.</summary>
    public Task<DateTimeOffset?> HeartbeatAsync(Guid runId, Guid token, TimeSpan leaseFor, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            var now = Now();
            var expires = now + leaseFor;
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.Heartbeat, runId, token, now, expires);
            return (long)(await cmd.ExecuteScalarAsync(ct))! == 1 ? expires : (DateTimeOffset?)null;
        }, ct);

    /// <summary>
    /// Records the result if its lease is the run's current, unexpired one (with the idempotent answer, when there is
    /// one, in the same statement). Otherwise nothing is written and the decision says why: a retry of the recorded
    /// report (same hash), a conflicting report (the run's result is another one) or a refused lease.
    /// </summary>
    public async Task<ResultDecision> RecordResultAsync(ReportedResult report, CancellationToken ct = default)
    {
        ResultChecks.ThrowIfInvalid(report.Outcome, report.Objective);
        var now = report.RecordedAt ?? Now();
        var written = await commands.ExecuteAsync(async c =>
        {
            var o = report.Outcome;
            var a = report.Answer;
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.Record,
                report.RunId, report.LeaseToken, now, report.Objective, o.Cost, o.Seconds, report.ArtifactUri ?? (object)new LedgerCommands.TypedNull(NpgsqlDbType.Text),
                o.Metrics.Keys.ToArray(), o.Metrics.Values.ToArray(), report.ReportHash,
                a?.ApiKeyId ?? (object)new LedgerCommands.TypedNull(NpgsqlDbType.Text), a?.IdempotencyKey ?? (object)new LedgerCommands.TypedNull(NpgsqlDbType.Text),
                report.StudyId, a?.RequestHash ?? (object)new LedgerCommands.TypedNull(NpgsqlDbType.Bytea), a?.Response ?? (object)new LedgerCommands.TypedNull(NpgsqlDbType.Text));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return await reader.IsDBNullAsync(0, ct) ? ((int Attempt, bool Stored)?)null : (reader.GetInt32(0), reader.GetInt64(1) > 0);
        }, ct);
        if (written is { } w)
        {
            metrics?.Succeeded(report.RunId);
            return new ResultDecision(ResultRecording.Recorded,
                new RecordedResult(w.Attempt, report.Objective, report.Outcome.Cost, report.Outcome.Seconds, report.ArtifactUri, now), w.Stored, null);
        }
        return await VerdictAsync(report.RunId, report.LeaseToken, report.ReportHash, ct);
    }

    /// <summary>Why <paramref name="token"/> cannot act on the run (heartbeat, failure report) right now; null reason when it can.</summary>
    public async Task<string> ExplainRefusalAsync(Guid runId, Guid token, CancellationToken ct = default) =>
        (await VerdictAsync(runId, token, [], ct)).Why ?? $"Lease token {token} is the current lease of run {runId}.";

    /// <summary>Why a report was not recorded, read after the write that did nothing (so it sees whoever won).</summary>
    private Task<ResultDecision> VerdictAsync(Guid runId, Guid token, byte[] reportHash, CancellationToken ct) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.Verdict, runId, token);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return new ResultDecision(ResultRecording.Refused, null, false, $"Run {runId} does not exist.");
            var state = Enum.Parse<RunState>(r.GetString(0));
            var expiresAt = await r.IsDBNullAsync(2, ct) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(2);
            var result = await r.IsDBNullAsync(3, ct) ? null : new RecordedResult(r.GetInt32(3), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7),
                await r.IsDBNullAsync(8, ct) ? null : r.GetString(8), r.GetFieldValue<DateTimeOffset>(9));
            var resultHash = await r.IsDBNullAsync(4, ct) ? null : r.GetFieldValue<byte[]>(4);
            if (await r.IsDBNullAsync(10, ct)) return new ResultDecision(ResultRecording.Refused, null, false, $"Lease token {token} is not a lease of any run.");
            var tokenRun = r.GetGuid(10);
            var tokenAttempt = r.GetInt32(11);
            var tokenOutcome = r.GetString(12);
            var tokenReason = await r.IsDBNullAsync(13, ct) ? null : r.GetString(13);
            if (tokenRun != runId)
                return new ResultDecision(ResultRecording.Refused, null, false,
                    $"Lease token {token} belongs to run {tokenRun}, not to run {runId}; a lease is good for its own run only.");
            if (result is not null)
            {
                if (result.Attempt == tokenAttempt && resultHash is not null && resultHash.AsSpan().SequenceEqual(reportHash))
                    return new ResultDecision(ResultRecording.AlreadyRecorded, result, false, null);
                var whose = result.Attempt == tokenAttempt ? "by another report under this same lease" : $"by attempt {result.Attempt}";
                return new ResultDecision(ResultRecording.Conflict, result, false, string.Create(CultureInfo.InvariantCulture,
                    $"Run {runId} already has its result, recorded {whose} at {result.RecordedAt:O}: objective {result.Objective:R}, cost {result.Cost:R}. ") +
                    "This report differs from it and was not recorded; a retry must resend the recorded report byte for byte.");
            }
            if (state.IsFinished()) return new ResultDecision(ResultRecording.Refused, null, false, $"Run {runId} is {state}; it takes no more results.");
            if ((r.IsDBNull(1) ? (Guid?)null : r.GetGuid(1)) != token)
                return new ResultDecision(ResultRecording.Refused, null, false,
                    $"Lease token {token} (attempt {tokenAttempt}) is no longer the run's lease: {tokenOutcome.ToLowerInvariant()} ({tokenReason}).");
            return new ResultDecision(ResultRecording.Refused, null, false,
                $"The lease expired at {expiresAt:O} (now {Now():O}); lease the run again or heartbeat sooner.");
        }, ct);

    /// <summary>
    /// Ends the attempt holding <paramref name="token"/> as failed for <paramref name="reason"/>; the run is queued
    /// again, or fails once it has had <paramref name="maxAttempts"/> attempts. Stale when the token is not current.
    /// </summary>
    public async Task<AttemptEnd> FailAttemptAsync(Guid runId, Guid token, string reason, int maxAttempts, CancellationToken ct = default)
    {
        var ended = await EndAsync(RunLifecycleSql.Fail, maxAttempts, [runId, token, reason], ct);
        var end = ended.Count == 0 ? AttemptEnd.Stale : ended[0].Run;
        metrics?.AttemptFailed(runId, end);
        return end;
    }

    /// <summary>
    /// Ends every attempt whose lease ran out before <paramref name="asOf"/> (default now) and re-queues or fails its
    /// run, in one statement for the whole ledger. The scheduler's sweep is its one caller in the service.
    /// </summary>
    public async Task<IReadOnlyList<ExpiredLease>> ExpireAsync(int maxAttempts, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        var ended = await EndAsync(RunLifecycleSql.Expire, maxAttempts, [], ct, asOf);
        metrics?.Expired(ended, "timeout");
        return ended;
    }

    /// <summary>
    /// Ends now the attempts held by workers whose name starts with <paramref name="workerPrefix"/> (the slots of a silo
    /// declared dead), lease expired or not, with <paramref name="why"/> in their reason; their runs are re-queued or fail.
    /// </summary>
    public async Task<IReadOnlyList<ExpiredLease>> RevokeAsync(string workerPrefix, string why, int maxAttempts, CancellationToken ct = default)
    {
        var ended = await EndAsync(RunLifecycleSql.Revoke, maxAttempts, [workerPrefix, why], ct);
        metrics?.Expired(ended, "silo-dead");
        return ended;
    }

    private Task<IReadOnlyList<ExpiredLease>> EndAsync(string sql, int maxAttempts, object[] parameters, CancellationToken ct, DateTimeOffset? asOf = null) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, sql, [asOf ?? Now(), maxAttempts, .. parameters]);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var ended = new List<ExpiredLease>();
            while (await r.ReadAsync(ct))
                ended.Add(new ExpiredLease(r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), r.GetString(3),
                    r.GetString(4) == nameof(RunState.Failed) ? AttemptEnd.RunFailed : AttemptEnd.Requeued));
            return (IReadOnlyList<ExpiredLease>)ended;
        }, ct);

    /// <summary>
    /// Cancels one unfinished run and its live attempt, so a result it reports later is refused. Null when there is
    /// no such run; <see cref="CancelledRun.Cancelled"/> false when it had already finished.
    /// </summary>
    public async Task<CancelledRun?> CancelRunAsync(Guid runId, CancellationToken ct = default)
    {
        var cancelled = await commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.CancelRun, runId, Now());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            return await r.IsDBNullAsync(0, ct) ? null : new CancelledRun(r.GetGuid(0), runId, r.GetInt64(1) == 1);
        }, ct);
        if (cancelled is { Cancelled: true }) metrics?.Cancelled(runId);
        return cancelled;
    }

    /// <summary>Cancels an unfinished study with its pending runs and their live attempts; false when it had already finished.</summary>
    public Task<bool> CancelStudyAsync(Guid studyId, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.CancelStudy, studyId, Now());
            return (long)(await cmd.ExecuteScalarAsync(ct))! == 1;
        }, ct);

    /// <summary>Appends what the worker saw to a cancelled attempt's reason (e.g. that its executor stopped, and when).</summary>
    public Task NoteStoppedAsync(Guid leaseToken, string note, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.NoteStopped, leaseToken, note);
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>Every unfinished run of a study that is not finished either, oldest first.</summary>
    public Task<IReadOnlyList<PendingRun>> PendingRunsAsync(CancellationToken ct = default) => ReadPendingAsync(RunLifecycleSql.PendingRuns, [], ct);

    /// <summary>Where each of <paramref name="runIds"/> stands (to re-queue runs known only by id).</summary>
    public Task<IReadOnlyList<PendingRun>> FindRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct = default) =>
        ReadPendingAsync(RunLifecycleSql.FindRuns, [runIds.ToArray()], ct);

    private Task<IReadOnlyList<PendingRun>> ReadPendingAsync(string sql, object[] parameters, CancellationToken ct) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, sql, parameters);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var runs = new List<PendingRun>();
            while (await r.ReadAsync(ct))
                runs.Add(new PendingRun(r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), Enum.Parse<RunState>(r.GetString(3)), r.IsDBNull(4) ? null : r.GetString(4)));
            return (IReadOnlyList<PendingRun>)runs;
        }, ct);

    /// <summary>
    /// What a result report needs to know before it records anything, in one round trip: the run's lease state and,
    /// when an idempotency key came with the request, the answer stored for it.
    /// </summary>
    public Task<(RunLeaseState? Run, StoredAnswer? Earlier)> FindForReportAsync(Guid runId, string apiKeyId, string? idempotencyKey, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var batch = idempotencyKey is null
                ? LedgerCommands.Batch(c, (RunLifecycleSql.LeaseState, [runId]))
                : LedgerCommands.Batch(c, (RunLifecycleSql.LeaseState, [runId]), (RunLifecycleSql.StoredAnswer, [apiKeyId, idempotencyKey]));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            RunLeaseState? state = null;
            if (await reader.ReadAsync(ct))
                state = new RunLeaseState(runId, reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<double[]>(2), reader.GetDouble(3),
                    Enum.Parse<RunState>(reader.GetString(4)), reader.GetInt32(5), await reader.IsDBNullAsync(6, ct) ? null : reader.GetGuid(6),
                    await reader.IsDBNullAsync(7, ct) ? null : reader.GetFieldValue<DateTimeOffset>(7));
            StoredAnswer? stored = null;
            if (idempotencyKey is not null && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
                stored = new StoredAnswer(reader.GetFieldValue<byte[]>(0), reader.GetInt32(1), reader.GetString(2));
            return (state, stored);
        }, ct);

    /// <summary>Every attempt of a run, first first.</summary>
    public Task<IReadOnlyList<RunAttemptRow>> AttemptsAsync(Guid runId, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, RunLifecycleSql.Attempts, runId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var attempts = new List<RunAttemptRow>();
            while (await r.ReadAsync(ct))
                attempts.Add(new RunAttemptRow
                {
                    RunId = r.GetGuid(0), Attempt = r.GetInt32(1), Worker = r.GetString(2), LeaseToken = r.GetGuid(3),
                    StartedAt = r.GetFieldValue<DateTimeOffset>(4), ExpiresAt = r.GetFieldValue<DateTimeOffset>(5),
                    HeartbeatAt = r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), EndedAt = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
                    Outcome = Enum.Parse<AttemptOutcome>(r.GetString(8)), Reason = r.IsDBNull(9) ? null : r.GetString(9),
                });
            return (IReadOnlyList<RunAttemptRow>)attempts;
        }, ct);

    /// <summary>
    /// A report hash for a worker's outcome (the REST path hashes the request body instead): the same outcome gives the
    /// same hash, so a report retried after a lost connection is recognised as the one recorded.
    /// </summary>
    public static byte[] HashOf(RunOutcome outcome, double objective)
    {
        var text = new StringBuilder().Append(objective.ToString("R", CultureInfo.InvariantCulture)).Append('|').Append(outcome.Cost.ToString("R", CultureInfo.InvariantCulture)).Append('|')
            .Append(outcome.Seconds.ToString("R", CultureInfo.InvariantCulture));
        foreach (var (name, value) in outcome.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)) text.Append('|').Append(name).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private (Guid Token, DateTimeOffset Now, DateTimeOffset Expires) NewLease(TimeSpan leaseFor)
    {
        var now = Now();
        return (Guid.NewGuid(), now, now + leaseFor);
    }

    private static LeasedRun Leased(NpgsqlDataReader r, Guid token, string worker, DateTimeOffset expires) =>
        new(new RunLease(r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), token, worker, expires), r.GetInt32(3), r.GetFieldValue<double[]>(4), r.GetDouble(5));
}

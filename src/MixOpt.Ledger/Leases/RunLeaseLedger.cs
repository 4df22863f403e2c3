using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Leases;

/// <summary>
/// Attempts and their leases: the only way a run gets executed and the only way its result gets recorded.
/// Each operation is one short transaction that locks the run row, so concurrent workers, retried reports and
/// expiry sweeps serialize on the run and exactly one of them wins.
/// </summary>
public sealed class RunLeaseLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    private readonly LedgerCommands _commands = new(contexts);

    /// <summary>
    /// Starts a new attempt of a pending run for <paramref name="worker"/>, superseding any attempt still active
    /// (its worker is gone or the run was re-queued), and returns its lease; null when the run has finished.
    /// </summary>
    public async Task<RunLease?> AcquireAsync(Guid runId, string worker, TimeSpan leaseFor, CancellationToken ct = default) =>
        (await _commands.ExecuteAsync(c => LeaseStatements.StartAttemptAsync(c, runId, worker, leaseFor, RunState.Running, clock.GetUtcNow(), ct), ct))?.Lease;

    /// <summary>
    /// Leases the study's next queued run (lowest ordinal) to an external worker; null when none is queued.
    /// Concurrent callers skip each other's locked rows, so two callers never get the same run.
    /// </summary>
    public Task<RunLease?> LeaseNextAsync(Guid studyId, string worker, TimeSpan leaseFor, CancellationToken ct = default) =>
        InTransaction(async db =>
        {
            var run = await db.Runs.FromSql($"""
                SELECT * FROM runs WHERE study_id = {studyId} AND state = 'Queued'
                ORDER BY ordinal LIMIT 1 FOR UPDATE SKIP LOCKED
                """).SingleOrDefaultAsync(ct);
            return run is null ? null : await StartAttemptAsync(db, run, worker, leaseFor, RunState.Leased, ct);
        }, ct);

    /// <summary>Extends a live lease; returns the new expiry, or null when the lease is not current or has expired.</summary>
    public Task<DateTimeOffset?> HeartbeatAsync(Guid runId, Guid token, TimeSpan leaseFor, CancellationToken ct = default) =>
        InTransaction(async db =>
        {
            var now = clock.GetUtcNow();
            var run = await LockRunAsync(db, runId, ct);
            if (run is null || !Holds(run, token, now)) return (DateTimeOffset?)null;
            var expires = now + leaseFor;
            run.LeaseExpiresAt = expires;
            var attempt = await db.RunAttempts.SingleAsync(a => a.LeaseToken == token, ct);
            attempt.ExpiresAt = expires;
            attempt.HeartbeatAt = now;
            await db.SaveChangesAsync(ct);
            return expires;
        }, ct);

    /// <summary>
    /// Records the run's result if <paramref name="token"/> is its current, unexpired lease. A second report from the
    /// same attempt is <see cref="ResultRecording.AlreadyRecorded"/>; anything else is refused and changes nothing.
    /// </summary>
    public async Task<ResultRecording> RecordResultAsync(Guid runId, Guid token, RunOutcome outcome, double objective, string? artifactUri, CancellationToken ct = default)
    {
        ResultChecks.ThrowIfInvalid(outcome, objective);
        return await _commands.ExecuteAsync(c => LeaseStatements.RecordResultAsync(c, runId, token, outcome, objective, artifactUri, clock.GetUtcNow(), ct), ct);
    }

    /// <summary>
    /// Ends the attempt holding <paramref name="token"/> as failed for <paramref name="reason"/>; the run is queued
    /// again, or fails once it has had <paramref name="maxAttempts"/> attempts.
    /// </summary>
    public Task<AttemptEnd> FailAttemptAsync(Guid runId, Guid token, string reason, int maxAttempts, CancellationToken ct = default) =>
        InTransaction(async db =>
        {
            var run = await LockRunAsync(db, runId, ct);
            if (run is null || !run.State.IsPending() || run.LeaseToken != token) return AttemptEnd.Stale;
            var attempt = await db.RunAttempts.SingleAsync(a => a.LeaseToken == token, ct);
            return await EndAttemptAsync(db, run, attempt, AttemptOutcome.Failed, reason, maxAttempts, ct);
        }, ct);

    /// <summary>
    /// Ends every active attempt whose lease expired before <paramref name="asOf"/> (default now) and re-queues or
    /// fails its run. Optionally limited to one study (the ask/tell API sweeps the study it serves).
    /// </summary>
    public async Task<IReadOnlyList<ExpiredLease>> ExpireLeasesAsync(int maxAttempts, Guid? studyId = null, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        var cutoff = asOf ?? clock.GetUtcNow();
        List<Guid> candidates;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            candidates = await db.Runs
                .Where(r => r.LeaseExpiresAt < cutoff && (r.State == RunState.Leased || r.State == RunState.Running))
                .Where(r => studyId == null || r.StudyId == studyId)
                .Select(r => r.Id).ToListAsync(ct);
        }
        var expired = new List<ExpiredLease>();
        foreach (var runId in candidates)
        {
            var one = await InTransaction(async db =>
            {
                var run = await LockRunAsync(db, runId, ct);
                // Re-checked under the lock: a heartbeat or result may have come in since the scan.
                if (run is null || !run.State.IsPending() || run.LeaseToken is null || run.LeaseExpiresAt >= cutoff) return null;
                var attempt = await db.RunAttempts.SingleAsync(a => a.LeaseToken == run.LeaseToken, ct);
                var reason = $"lease expired at {run.LeaseExpiresAt:O}: worker {attempt.Worker} stopped heartbeating";
                var end = await EndAttemptAsync(db, run, attempt, AttemptOutcome.Expired, reason, maxAttempts, ct);
                return new ExpiredLease(run.StudyId, run.Id, attempt.Attempt, attempt.Worker, end);
            }, ct);
            if (one is not null) expired.Add(one);
        }
        return expired;
    }

    /// <summary>Every attempt of a run, first first.</summary>
    public async Task<IReadOnlyList<RunAttemptRow>> AttemptsAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RunAttempts.AsNoTracking().Where(a => a.RunId == runId).OrderBy(a => a.Attempt).ToListAsync(ct);
    }

    /// <summary>The lease a token stands for, if it is the current lease of its run (expired or not).</summary>
    public async Task<RunLease?> FindLeaseAsync(Guid token, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var attempt = await db.RunAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.LeaseToken == token, ct);
        if (attempt is null) return null;
        var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == attempt.RunId, ct);
        return new RunLease(run.StudyId, run.Id, attempt.Attempt, token, attempt.Worker, attempt.ExpiresAt);
    }

    private async Task<RunLease> StartAttemptAsync(LedgerDbContext db, RunRow run, string worker, TimeSpan leaseFor, RunState state, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var number = run.Attempts + 1;
        var previous = await db.RunAttempts.Where(a => a.RunId == run.Id && a.Outcome == AttemptOutcome.Active).ToListAsync(ct);
        foreach (var p in previous)
        {
            p.Outcome = AttemptOutcome.Superseded;
            p.EndedAt = now;
            p.Reason = $"superseded by attempt {number} on {worker}";
        }
        // The superseded rows must leave 'Active' before the new one enters it (one active attempt per run).
        await db.SaveChangesAsync(ct);

        var token = Guid.NewGuid();
        var expires = now + leaseFor;
        run.State = state;
        run.Attempts = number;
        run.Worker = worker;
        run.StartedAt = now;
        run.LeaseToken = token;
        run.LeaseExpiresAt = expires;
        db.RunAttempts.Add(new RunAttemptRow
        {
            RunId = run.Id, Attempt = number, Worker = worker, LeaseToken = token,
            StartedAt = now, ExpiresAt = expires, Outcome = AttemptOutcome.Active,
        });
        await db.SaveChangesAsync(ct);
        return new RunLease(run.StudyId, run.Id, number, token, worker, expires);
    }

    private async Task<AttemptEnd> EndAttemptAsync(LedgerDbContext db, RunRow run, RunAttemptRow attempt, AttemptOutcome outcome, string reason, int maxAttempts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        attempt.Outcome = outcome;
        attempt.EndedAt = now;
        attempt.Reason = reason;
        run.LeaseToken = null;
        run.LeaseExpiresAt = null;
        run.Worker = null;
        AttemptEnd end;
        if (run.Attempts >= maxAttempts)
        {
            var earlier = await db.RunAttempts.Where(a => a.RunId == run.Id && a.Attempt != attempt.Attempt)
                .OrderBy(a => a.Attempt).Select(a => new { a.Attempt, a.Reason }).ToListAsync(ct);
            var reasons = earlier.Select(a => $"attempt {a.Attempt}: {a.Reason}").Append($"attempt {attempt.Attempt}: {reason}");
            run.State = RunState.Failed;
            run.Error = $"Failed after {run.Attempts} attempt(s): {string.Join("; ", reasons)}";
            run.FinishedAt = now;
            end = AttemptEnd.RunFailed;
        }
        else
        {
            run.State = RunState.Queued;
            end = AttemptEnd.Requeued;
        }
        await db.SaveChangesAsync(ct);
        return end;
    }

    private static bool Holds(RunRow run, Guid token, DateTimeOffset now) =>
        run.State.IsPending() && run.LeaseToken == token && run.LeaseExpiresAt >= now;

    private static Task<RunRow?> LockRunAsync(LedgerDbContext db, Guid runId, CancellationToken ct) =>
        db.Runs.FromSql($"SELECT * FROM runs WHERE id = {runId} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <summary>Runs <paramref name="work"/> in one transaction under the retrying execution strategy (a fresh context per try).</summary>
    private async Task<T> InTransaction<T>(Func<LedgerDbContext, Task<T>> work, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db);
            await tx.CommitAsync(ct);
            return result;
        });
    }
}

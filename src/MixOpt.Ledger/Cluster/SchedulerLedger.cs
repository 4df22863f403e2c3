using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Cluster;

/// <summary>
/// What the cluster scheduler reads from and writes to the ledger besides the lease operations of
/// <see cref="Leases.RunLeaseLedger"/>: the pending runs it rebuilds its queue from, the revocation of the leases
/// held by a dead silo, and the cancellation of a single run.
/// </summary>
public sealed class SchedulerLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    /// <summary>Every unfinished run of a study that is not finished either, oldest first.</summary>
    public async Task<IReadOnlyList<PendingRun>> PendingRunsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking()
            .Where(r => r.State == RunState.Queued || r.State == RunState.Leased || r.State == RunState.Running)
            .Where(r => db.Studies.Any(s => s.Id == r.StudyId && (s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running)))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Ordinal)
            .Select(r => new PendingRun(r.StudyId, r.Id, r.Ordinal, r.State, r.Worker))
            .ToListAsync(ct);
    }

    /// <summary>The study and ordinal of each run (to re-queue runs known only by id).</summary>
    public async Task<IReadOnlyList<PendingRun>> FindRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id))
            .Select(r => new PendingRun(r.StudyId, r.Id, r.Ordinal, r.State, r.Worker)).ToListAsync(ct);
    }

    /// <summary>
    /// Ends now the live leases held by workers whose name starts with <paramref name="workerPrefix"/> (the slots of a
    /// silo declared dead), so the next expiry sweep re-queues their runs at once instead of after the lease's duration.
    /// Returns the lease tokens revoked.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RevokeLeasesAsync(string workerPrefix, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Already expired a moment ago: the sweep's "expired before now" test holds for every revoked lease.
            var expired = clock.GetUtcNow().AddMilliseconds(-1);
            var runs = await db.Runs
                .FromSql($"SELECT * FROM runs WHERE left(worker, length({workerPrefix})) = {workerPrefix} AND lease_token IS NOT NULL AND state IN ('Leased', 'Running') FOR UPDATE")
                .ToListAsync(ct);
            var tokens = runs.Select(r => r.LeaseToken!.Value).ToList();
            foreach (var run in runs) run.LeaseExpiresAt = expired;
            await db.RunAttempts.Where(a => tokens.Contains(a.LeaseToken) && a.Outcome == AttemptOutcome.Active)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ExpiresAt, expired), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (IReadOnlyList<Guid>)tokens;
        });
    }

    /// <summary>Prefixes the reason of the given (ended) attempts with <paramref name="note"/>, e.g. why their silo is gone.</summary>
    public async Task AnnotateAttemptsAsync(IReadOnlyCollection<Guid> leaseTokens, string note, CancellationToken ct = default)
    {
        if (leaseTokens.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.RunAttempts.Where(a => leaseTokens.Contains(a.LeaseToken) && a.Outcome != AttemptOutcome.Active)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Reason, a => a.Reason == null ? note : note + "; " + a.Reason), ct);
    }

    /// <summary>
    /// Cancels one unfinished run: the run becomes Cancelled and its live attempt too, so a result it reports later is
    /// refused. Null when there is no such run; <see cref="CancelledRun.Cancelled"/> false when it had already finished.
    /// </summary>
    public async Task<CancelledRun?> CancelRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var run = await db.Runs.FromSql($"SELECT * FROM runs WHERE id = {runId} FOR UPDATE").SingleOrDefaultAsync(ct);
            if (run is null) return null;
            if (!run.State.IsPending()) return new CancelledRun(run.StudyId, run.Id, false);
            var now = clock.GetUtcNow();
            run.State = RunState.Cancelled;
            run.FinishedAt = now;
            run.Error = "Cancelled.";
            run.LeaseToken = null;
            run.LeaseExpiresAt = null;
            await db.RunAttempts.Where(a => a.RunId == runId && a.Outcome == AttemptOutcome.Active)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Outcome, AttemptOutcome.Cancelled)
                    .SetProperty(a => a.EndedAt, now).SetProperty(a => a.Reason, "run cancelled"), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new CancelledRun(run.StudyId, run.Id, true);
        });
    }

    /// <summary>Appends what the worker saw to a cancelled attempt's reason (e.g. that its executor stopped, and when).</summary>
    public async Task NoteStoppedAsync(Guid leaseToken, string note, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.RunAttempts.Where(a => a.LeaseToken == leaseToken && a.Outcome == AttemptOutcome.Cancelled)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Reason, a => a.Reason == null ? note : a.Reason + "; " + note), ct);
    }
}

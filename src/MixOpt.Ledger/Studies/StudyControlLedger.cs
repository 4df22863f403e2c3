using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;
using Npgsql;

namespace MixOpt.Ledger.Studies;

/// <summary>
/// What the REST API changes about a study besides its runs' leases: filtered listing, pause/resume, budget,
/// deletion and runs recorded from past experiments (warm start). Each operation is one short transaction.
/// </summary>
public sealed class StudyControlLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    /// <summary>The worker name of runs recorded from outside (warm start, import): they spend none of the budget.</summary>
    public const string WarmStartWorker = "warm-start";

    public async Task<(IReadOnlyList<StudyRow> Page, int Total)> ListAsync(StudyFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Studies.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(s => s.Status == status);
        if (filter.Strategy is { Length: > 0 } strategy) query = query.Where(s => s.Strategy == strategy);
        if (filter.NameContains is { Length: > 0 } fragment)
            query = query.Where(s => EF.Functions.ILike(s.Name, "%" + EscapeLike(fragment) + "%", "\\"));
        var total = await query.CountAsync(ct);
        var page = await query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (page, total);
    }

    /// <summary>Running or pending → paused; false when the study is finished or already paused.</summary>
    public Task<bool> PauseAsync(Guid studyId, CancellationToken ct = default) =>
        SetStatusWhereAsync(studyId, StudyStatus.Paused, s => s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running, ct);

    /// <summary>Paused → running; false when the study is not paused.</summary>
    public Task<bool> ResumeAsync(Guid studyId, CancellationToken ct = default) =>
        SetStatusWhereAsync(studyId, StudyStatus.Running, s => s.Status == StudyStatus.Paused, ct);

    /// <summary>Replaces the budget of an unfinished study (spec and run cap together); false when it has finished.</summary>
    public async Task<bool> UpdateBudgetAsync(Guid studyId, StudySpec updated, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var spec = StudySpecJson.Serialize(updated);
        var cap = updated.RunCap;
        var now = clock.GetUtcNow();
        return await db.Studies
            .Where(s => s.Id == studyId && (s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running || s.Status == StudyStatus.Paused))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Spec, spec).SetProperty(s => s.RunBudget, cap).SetProperty(s => s.UpdatedAt, now), ct) == 1;
    }

    /// <summary>Deletes a study with its runs, attempts, results, metrics and remembered answers; false when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Studies.Where(s => s.Id == studyId).ExecuteDeleteAsync(ct) == 1;
    }

    /// <summary>
    /// Records finished runs made outside MixOpt as succeeded runs of the study, with the next ordinals, in one
    /// transaction (all or none). Returns the new rows; null when the study is missing or finished.
    /// </summary>
    public async Task<IReadOnlyList<RunRow>?> RecordObservedAsync(Guid studyId, IReadOnlyList<ObservedRun> observed, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    // Locking the study serializes concurrent imports; the (study, ordinal) key catches a racing proposal round.
                    var study = await db.Studies.FromSql($"SELECT * FROM studies WHERE id = {studyId} FOR UPDATE").SingleOrDefaultAsync(ct);
                    if (study is null || study.Status.IsFinished()) return null;
                    var next = await db.Runs.Where(r => r.StudyId == studyId).Select(r => (int?)r.Ordinal).MaxAsync(ct) ?? -1;
                    var now = clock.GetUtcNow();
                    var rows = new List<RunRow>(observed.Count);
                    foreach (var o in observed)
                    {
                        var run = new RunRow
                        {
                            Id = Guid.CreateVersion7(), StudyId = studyId, Ordinal = ++next, Round = study.ProposalRounds,
                            Mixture = o.Mixture, Fidelity = o.Fidelity, State = RunState.Succeeded, Worker = WarmStartWorker,
                            Objective = o.Objective, Cost = o.Cost, CreatedAt = now, StartedAt = now, FinishedAt = now,
                        };
                        rows.Add(run);
                        db.Runs.Add(run);
                    }
                    // The model declares no run → result relationship, so runs are saved first for the foreign key.
                    await db.SaveChangesAsync(ct);
                    foreach (var (o, run) in observed.Zip(rows))
                    {
                        db.RunResults.Add(new RunResultRow
                        {
                            RunId = run.Id, Attempt = 0, Objective = o.Objective, Cost = o.Cost, Seconds = o.Seconds, RecordedAt = now,
                            Metrics = o.Metrics.Select(m => new RunMetricRow { RunId = run.Id, Name = m.Key, Value = m.Value }).ToList(),
                        });
                    }
                    study.UpdatedAt = now;
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return (IReadOnlyList<RunRow>)rows;
                });
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // A proposal round took the same ordinals between our read and our write: read again.
            }
        }
    }

    private async Task<bool> SetStatusWhereAsync(Guid studyId, StudyStatus to, System.Linq.Expressions.Expression<Func<StudyRow, bool>> from, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.Studies.Where(s => s.Id == studyId).Where(from)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, to).SetProperty(s => s.UpdatedAt, now), ct) == 1;
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

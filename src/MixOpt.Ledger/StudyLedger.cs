using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger;

/// <summary>
/// The ledger's operations, each one short transaction. The ledger is the source of truth: grains read their
/// state from here and every change a study makes is written here first.
/// </summary>
public sealed class StudyLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    public async Task<StudyRow> CreateStudyAsync(StudySpec spec, (Mixture Mixture, double Value)? optimum, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var row = new StudyRow
        {
            Id = Guid.CreateVersion7(),
            Name = spec.Name,
            Spec = StudySpecJson.Serialize(spec),
            Status = StudyStatus.Pending,
            Strategy = spec.Strategy,
            Seed = spec.Seed,
            RunBudget = spec.RunCap,
            OptimumValue = optimum?.Value,
            OptimumMixture = optimum?.Mixture.ToArray(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Studies.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    public async Task<StudyRow?> FindStudyAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
    }

    public async Task<IReadOnlyList<StudyRow>> ListStudiesAsync(int skip = 0, int take = 100, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Studies.AsNoTracking().OrderByDescending(s => s.CreatedAt).Skip(skip).Take(take).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Guid>> ActiveStudyIdsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Studies.Where(s => s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running || s.Status == StudyStatus.Paused)
            .Select(s => s.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<RunRow>> RunsAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId).OrderBy(r => r.Ordinal).ToListAsync(ct);
    }

    /// <summary>
    /// The study's runs added after <paramref name="afterOrdinal"/> plus the current rows of <paramref name="runIds"/>:
    /// what a caller that already holds the finished runs (which never change) needs to bring its view up to date.
    /// </summary>
    public async Task<IReadOnlyList<RunRow>> RunsChangedAsync(Guid studyId, int afterOrdinal, IReadOnlyCollection<Guid> runIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = runIds.ToArray();
        return await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId && (r.Ordinal > afterOrdinal || ids.Contains(r.Id)))
            .OrderBy(r => r.Ordinal).ToListAsync(ct);
    }

    public async Task<RunRow?> FindRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
    }

    public async Task<RunResultRow?> FindResultAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RunResults.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == runId, ct);
    }

    public async Task<IReadOnlyList<RunResultRow>> ResultsAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RunResults.AsNoTracking().Include(r => r.Metrics)
            .Where(r => db.Runs.Any(run => run.Id == r.RunId && run.StudyId == studyId)).ToListAsync(ct);
    }

    /// <summary>
    /// Writes a proposal round as queued runs with the next ordinals, and counts the round, in one transaction.
    /// The (study, ordinal) unique key makes a duplicate write of the same round fail instead of adding runs.
    /// </summary>
    public async Task<IReadOnlyList<RunRow>> AddRunsAsync(Guid studyId, int round, IReadOnlyList<Proposal> proposals, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var study = await db.Studies.SingleAsync(s => s.Id == studyId, ct);
            var next = await db.Runs.Where(r => r.StudyId == studyId).Select(r => (int?)r.Ordinal).MaxAsync(ct) ?? -1;
            var now = clock.GetUtcNow();
            var rows = proposals.Select(p => new RunRow
            {
                Id = Guid.CreateVersion7(),
                StudyId = studyId,
                Ordinal = ++next,
                Round = round,
                Mixture = p.Mixture.ToArray(),
                Fidelity = p.Fidelity,
                State = RunState.Queued,
                CreatedAt = now,
            }).ToList();
            db.Runs.AddRange(rows);
            study.ProposalRounds = Math.Max(study.ProposalRounds, round + 1);
            if (study.Status == StudyStatus.Pending) study.Status = StudyStatus.Running;
            study.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (IReadOnlyList<RunRow>)rows;
        });
    }

    public Task SetStudyStatusAsync(Guid studyId, StudyStatus status, string? error = null, CancellationToken ct = default) =>
        UpdateStudyAsync(studyId, s => { s.Status = status; s.Error = error ?? s.Error; }, ct);

    /// <summary>Marks the study cancelled, every run not yet finished as cancelled and their live attempts too; returns false if it had already finished.</summary>
    public async Task<bool> CancelStudyAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var changed = await db.Studies
                .Where(s => s.Id == studyId && (s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running || s.Status == StudyStatus.Paused))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StudyStatus.Cancelled).SetProperty(s => s.UpdatedAt, now).SetProperty(s => s.CompletedAt, now), ct);
            if (changed == 0) { await tx.RollbackAsync(ct); return false; }
            await db.Runs
                .Where(r => r.StudyId == studyId && (r.State == RunState.Queued || r.State == RunState.Leased || r.State == RunState.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RunState.Cancelled).SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.LeaseToken, (Guid?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            await db.RunAttempts
                .Where(a => a.Outcome == AttemptOutcome.Active && db.Runs.Any(r => r.Id == a.RunId && r.StudyId == studyId))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Outcome, AttemptOutcome.Cancelled).SetProperty(a => a.EndedAt, now)
                    .SetProperty(a => a.Reason, "study cancelled"), ct);
            await tx.CommitAsync(ct);
            return true;
        });
    }

    /// <summary>Marks a running study completed with its best observed run.</summary>
    public Task CompleteStudyAsync(Guid studyId, Guid? bestRunId, double? bestValue, Mixture? bestMixture, CancellationToken ct = default) =>
        UpdateStudyAsync(studyId, s =>
        {
            s.Status = StudyStatus.Completed;
            s.BestRunId = bestRunId;
            s.BestValue = bestValue;
            s.BestMixture = bestMixture?.ToArray();
            s.CompletedAt = clock.GetUtcNow();
        }, ct);

    /// <summary>Stores the strategy's recommendation (and surrogate table) of a study.</summary>
    public Task SetRecommendationAsync(Guid studyId, RecommendationDocument recommendation, CancellationToken ct = default) =>
        UpdateStudyAsync(studyId, s => s.Recommendation = System.Text.Json.JsonSerializer.Serialize(recommendation, StudySpecJson.Options), ct);

    /// <summary>The stored recommendation of a study, or null before it has one.</summary>
    public static RecommendationDocument? ReadRecommendation(StudyRow study) =>
        study.Recommendation is null ? null : System.Text.Json.JsonSerializer.Deserialize<RecommendationDocument>(study.Recommendation, StudySpecJson.Options);

    /// <summary>Records the best run so far while a study is running (the dashboard and API show it live).</summary>
    public Task SetBestAsync(Guid studyId, Guid bestRunId, double bestValue, Mixture bestMixture, CancellationToken ct = default) =>
        UpdateStudyAsync(studyId, s => { s.BestRunId = bestRunId; s.BestValue = bestValue; s.BestMixture = bestMixture.ToArray(); }, ct);

    private async Task UpdateStudyAsync(Guid studyId, Action<StudyRow> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var study = await db.Studies.SingleAsync(s => s.Id == studyId, ct);
        change(study);
        study.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}

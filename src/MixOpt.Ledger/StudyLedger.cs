using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Execution;
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
            RunBudget = spec.Budget.Runs,
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
        return await db.Studies.Where(s => s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running)
            .Select(s => s.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<RunRow>> RunsAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId).OrderBy(r => r.Ordinal).ToListAsync(ct);
    }

    public async Task<RunRow?> FindRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
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

    /// <summary>
    /// Starts a new attempt of a run that is still pending; returns the attempt number, or null when the run
    /// is finished (succeeded, failed or cancelled) and must not execute again.
    /// </summary>
    public async Task<int?> StartAttemptAsync(Guid runId, string worker, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var updated = await db.Runs
            .Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Leased || r.State == RunState.Running))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.State, RunState.Running)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.Worker, worker)
                .SetProperty(r => r.StartedAt, now), ct);
        if (updated == 0) return null;
        return await db.Runs.Where(r => r.Id == runId).Select(r => r.Attempts).SingleAsync(ct);
    }

    /// <summary>
    /// Records a run's result exactly once. Returns false, and changes nothing, when the run already has a result
    /// or is no longer pending (cancelled): a retried or late report cannot create a second result.
    /// </summary>
    public async Task<bool> RecordResultAsync(Guid runId, int attempt, RunOutcome outcome, double objective, string? artifactUri, CancellationToken ct = default)
    {
        if (!double.IsFinite(objective)) throw new ArgumentException($"Objective is {objective}; results must be finite.", nameof(objective));
        foreach (var (name, value) in outcome.Metrics)
            if (!double.IsFinite(value)) throw new ArgumentException($"Metric '{name}' is {value}; results must be finite.", nameof(outcome));
        if (!double.IsFinite(outcome.Cost) || outcome.Cost < 0) throw new ArgumentException($"Cost is {outcome.Cost}; it must be finite and >= 0.", nameof(outcome));

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            // The run row is locked by the conditional update; a concurrent duplicate waits here, then finds it finished.
            var claimed = await db.Runs
                .Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Leased || r.State == RunState.Running))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.State, RunState.Succeeded)
                    .SetProperty(r => r.Objective, objective)
                    .SetProperty(r => r.Cost, outcome.Cost)
                    .SetProperty(r => r.FinishedAt, now), ct);
            var inserted = claimed == 0 ? 0 : await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO run_results (run_id, attempt, objective, cost, seconds, artifact_uri, recorded_at)
                VALUES ({runId}, {attempt}, {objective}, {outcome.Cost}, {outcome.Seconds}, {artifactUri}, {now})
                ON CONFLICT (run_id) DO NOTHING
                """, ct);
            if (inserted == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
            db.RunMetrics.AddRange(outcome.Metrics.Select(m => new RunMetricRow { RunId = runId, Name = m.Key, Value = m.Value }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
    }

    public async Task<bool> FailRunAsync(Guid runId, string error, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.Runs
            .Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Leased || r.State == RunState.Running))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RunState.Failed).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedAt, now), ct) > 0;
    }

    /// <summary>Marks the study cancelled and every run not yet finished as cancelled; returns false if it had already finished.</summary>
    public async Task<bool> CancelStudyAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var changed = await db.Studies
                .Where(s => s.Id == studyId && (s.Status == StudyStatus.Pending || s.Status == StudyStatus.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StudyStatus.Cancelled).SetProperty(s => s.UpdatedAt, now).SetProperty(s => s.CompletedAt, now), ct);
            if (changed == 0) { await tx.RollbackAsync(ct); return false; }
            await db.Runs
                .Where(r => r.StudyId == studyId && (r.State == RunState.Queued || r.State == RunState.Leased || r.State == RunState.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RunState.Cancelled).SetProperty(r => r.FinishedAt, now), ct);
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

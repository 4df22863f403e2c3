using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Leases;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Ledger;

/// <summary>
/// The ledger's operations, each one short transaction. The ledger is the source of truth: grains read their
/// state from here and every change a study makes is written here first.
/// </summary>
public sealed class StudyLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    // Plain commands for what a study grain reads and writes per finished run (see LedgerCommands for why).
    private readonly LedgerCommands _commands = new(contexts);

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

    public Task<StudyRow?> FindStudyAsync(Guid id, CancellationToken ct = default) =>
        _commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, $"SELECT {LedgerRowReaders.StudyColumns} FROM studies WHERE id = $1", id);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? LedgerRowReaders.Study(reader) : null;
        }, ct);

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

    public Task<IReadOnlyList<RunRow>> RunsAsync(Guid studyId, CancellationToken ct = default) =>
        ReadRunsAsync($"SELECT {LedgerRowReaders.RunColumns} FROM runs WHERE study_id = $1 ORDER BY ordinal", [studyId], ct);

    public async Task<RunRow?> FindRunAsync(Guid runId, CancellationToken ct = default) =>
        (await ReadRunsAsync($"SELECT {LedgerRowReaders.RunColumns} FROM runs WHERE id = $1", [runId], ct)).SingleOrDefault();

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
        var mixtures = proposals.Select(p => p.Mixture.ToArray()).ToList();
        var width = mixtures.Count == 0 ? 0 : mixtures[0].Length;
        if (mixtures.Any(m => m.Length != width)) throw new ArgumentException("Proposals of one round must have the same domains.", nameof(proposals));
        var ids = proposals.Select(_ => Guid.CreateVersion7()).ToArray();
        var fidelities = proposals.Select(p => p.Fidelity).ToArray();
        var flat = mixtures.SelectMany(m => m).ToArray();
        return await _commands.ExecuteAsync(async c =>
        {
            var now = clock.GetUtcNow();
            // One statement: count the round on the study (which must exist) and insert the runs after its last ordinal.
            // Mixtures travel as one flat array, sliced per run.
            await using var cmd = LedgerCommands.Command(c, """
                WITH study AS (
                    UPDATE studies SET proposal_rounds = GREATEST(proposal_rounds, $2 + 1),
                        status = CASE WHEN status = 'Pending' THEN 'Running' ELSE status END, updated_at = $3
                    WHERE id = $1 RETURNING id),
                last AS (SELECT coalesce(max(ordinal), -1) AS ordinal FROM runs WHERE study_id = $1),
                added AS (
                    INSERT INTO runs (id, study_id, ordinal, round, mixture, fidelity, state, attempts, created_at)
                    SELECT p.id, study.id, last.ordinal + p.n::int, $2, $5[((p.n::int - 1) * $6 + 1):(p.n::int * $6)], p.fidelity, 'Queued', 0, $3
                    FROM study, last, unnest($4::uuid[], $7::float8[]) WITH ORDINALITY AS p(id, fidelity, n)
                    RETURNING ordinal)
                SELECT (SELECT count(*) FROM study), (SELECT ordinal FROM last)
                """, studyId, round, now, ids, flat, width, fidelities);
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
        _commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, "UPDATE studies SET best_run_id = $2, best_value = $3, best_mixture = $4, updated_at = $5 WHERE id = $1",
                studyId, bestRunId, bestValue, bestMixture.ToArray(), clock.GetUtcNow());
            return await cmd.ExecuteNonQueryAsync(ct) == 1 ? true : throw new InvalidOperationException($"Study {studyId} is not in the ledger.");
        }, ct);

    private Task<IReadOnlyList<RunRow>> ReadRunsAsync(string sql, object[] parameters, CancellationToken ct) =>
        _commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, sql, parameters);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            return (IReadOnlyList<RunRow>)await LedgerRowReaders.ReadAllAsync(reader, LedgerRowReaders.Run, ct);
        }, ct);

    private async Task UpdateStudyAsync(Guid studyId, Action<StudyRow> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var study = await db.Studies.SingleAsync(s => s.Id == studyId, ct);
        change(study);
        study.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Ledger;

/// <summary>
/// The ledger's operations, each one short transaction. The ledger is the source of truth: grains read their
/// state from here and every change a study makes is written here first.
/// </summary>
public sealed class StudyLedger(IDbContextFactory<LedgerDbContext> contexts, LedgerCommands commands, TimeProvider clock)
{
    // Plain commands for what a study grain reads and writes per finished run (see LedgerCommands for why).
    private readonly LedgerCommands _commands = commands;

    public Task<StudyRow> CreateStudyAsync(StudySpec spec, (Mixture Mixture, double Value)? optimum, CancellationToken ct = default) =>
        CreateStudyAsync(Guid.CreateVersion7(), spec, optimum, ct);

    /// <summary>
    /// Creates the study under an id the caller chose (a campaign firing chooses it when it claims its instant), or
    /// returns null when a study with that id exists already: creating it again after a crash is then a no-op.
    /// </summary>
    public async Task<StudyRow?> TryCreateStudyAsync(Guid id, StudySpec spec, (Mixture Mixture, double Value)? optimum, CancellationToken ct = default)
    {
        try { return await CreateStudyAsync(id, spec, optimum, ct); }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }
    }

    private async Task<StudyRow> CreateStudyAsync(Guid id, StudySpec spec, (Mixture Mixture, double Value)? optimum, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = new StudyRow
        {
            Id = id,
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

    public Task SetStudyStatusAsync(Guid studyId, StudyStatus status, string? error = null, CancellationToken ct = default) =>
        UpdateStudyAsync(studyId, s => { s.Status = status; s.Error = error ?? s.Error; }, ct);

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

using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Recommendations;

/// <summary>
/// The history of a study's recommendation (sql/ledger/0007): written by the study grain at its checkpoints and when
/// the study completes, read (thinned to a bound) by the dashboard's best-so-far plot. One row per observation count,
/// finite figures only.
/// </summary>
public sealed class RecommendationHistoryLedger(IDbContextFactory<LedgerDbContext> contexts, LedgerCommands commands, TimeProvider clock)
{
    /// <summary>
    /// Records the recommendation fitted on <paramref name="observations"/> results costing <paramref name="cost"/>.
    /// Returns false (and writes nothing) when a figure is not finite, the mixture does not cover the domains, or a row
    /// for that count exists already; a final row replaces a checkpoint's row of the same count.
    /// </summary>
    public Task<bool> RecordAsync(Guid studyId, IReadOnlyList<string> domains, int observations, double cost,
        RecommendationDocument recommendation, bool final, CancellationToken ct = default)
    {
        var mixture = domains.Select(d => recommendation.Mixture.TryGetValue(d, out var w) ? w : double.NaN).ToArray();
        if (observations <= 0 || !double.IsFinite(cost) || cost < 0 || !double.IsFinite(recommendation.Predicted)
            || !double.IsFinite(recommendation.StdDev) || recommendation.StdDev < 0 || !mixture.All(double.IsFinite))
            return Task.FromResult(false);
        var basis = new string(recommendation.Basis.Where(c => !char.IsControl(c)).Take(200).ToArray());
        return commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, """
                INSERT INTO recommendation_history (study_id, observations, cost, predicted, std_dev, basis, mixture, final, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (study_id, observations) DO UPDATE
                    SET cost = EXCLUDED.cost, predicted = EXCLUDED.predicted, std_dev = EXCLUDED.std_dev, basis = EXCLUDED.basis,
                        mixture = EXCLUDED.mixture, final = true, recorded_at = EXCLUDED.recorded_at
                    WHERE EXCLUDED.final AND NOT recommendation_history.final
                """, studyId, observations, cost, recommendation.Predicted, recommendation.StdDev, basis, mixture, final, clock.GetUtcNow());
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    /// <summary>
    /// The history in the order it was recorded, at most about <paramref name="max"/> rows: a longer one is thinned to
    /// every k-th row, always keeping the first and the latest.
    /// </summary>
    public async Task<IReadOnlyList<RecommendationHistoryRow>> ReadAsync(Guid studyId, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RecommendationHistory.FromSql($"""
                SELECT study_id, observations, cost, predicted, std_dev, basis, mixture, final, recorded_at
                FROM (SELECT h.*, row_number() OVER (ORDER BY observations) - 1 AS i, count(*) OVER () AS n
                      FROM recommendation_history h WHERE study_id = {studyId}) t
                WHERE n <= {max} OR i % ceil(n::double precision / ({max} - 1))::int = 0 OR i = n - 1
                """).AsNoTracking().OrderBy(h => h.Observations).ToListAsync(ct);
    }

    /// <summary>The observation count of the study's latest row; 0 when it has none.</summary>
    public async Task<int> LatestObservationsAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RecommendationHistory.Where(h => h.StudyId == studyId).MaxAsync(h => (int?)h.Observations, ct) ?? 0;
    }

    /// <summary>How many rows the study's history has (what <see cref="ReadAsync"/> thins).</summary>
    public async Task<int> CountAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RecommendationHistory.CountAsync(h => h.StudyId == studyId, ct);
    }
}

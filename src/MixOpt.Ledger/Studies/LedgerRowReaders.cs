using System.Data.Common;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Studies;

/// <summary>
/// Rows of the studies and runs tables read by plain Npgsql commands (the hot paths of <see cref="StudyLedger"/>):
/// the column lists to select and how each row is materialized, matching <see cref="LedgerDbContext"/>'s mapping.
/// </summary>
public static class LedgerRowReaders
{
    public const string RunColumns =
        "id, study_id, ordinal, round, mixture, fidelity, state, attempts, worker, objective, cost, error, lease_token, lease_expires_at, created_at, started_at, finished_at";

    public const string StudyColumns =
        "id, name, spec::text, status, strategy, seed, run_budget, proposal_rounds, best_run_id, best_value, best_mixture, optimum_value, optimum_mixture, error, recommendation::text, created_at, updated_at, completed_at";

    public static RunRow Run(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        StudyId = r.GetGuid(1),
        Ordinal = r.GetInt32(2),
        Round = r.GetInt32(3),
        Mixture = r.GetFieldValue<double[]>(4),
        Fidelity = r.GetDouble(5),
        State = Enum.Parse<RunState>(r.GetString(6)),
        Attempts = r.GetInt32(7),
        Worker = Nullable<string>(r, 8),
        Objective = NullableValue<double>(r, 9),
        Cost = NullableValue<double>(r, 10),
        Error = Nullable<string>(r, 11),
        LeaseToken = NullableValue<Guid>(r, 12),
        LeaseExpiresAt = NullableValue<DateTimeOffset>(r, 13),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(14),
        StartedAt = NullableValue<DateTimeOffset>(r, 15),
        FinishedAt = NullableValue<DateTimeOffset>(r, 16),
    };

    public static StudyRow Study(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Name = r.GetString(1),
        Spec = r.GetString(2),
        Status = Enum.Parse<StudyStatus>(r.GetString(3)),
        Strategy = r.GetString(4),
        Seed = r.GetInt32(5),
        RunBudget = r.GetInt32(6),
        ProposalRounds = r.GetInt32(7),
        BestRunId = NullableValue<Guid>(r, 8),
        BestValue = NullableValue<double>(r, 9),
        BestMixture = Nullable<double[]>(r, 10),
        OptimumValue = NullableValue<double>(r, 11),
        OptimumMixture = Nullable<double[]>(r, 12),
        Error = Nullable<string>(r, 13),
        Recommendation = Nullable<string>(r, 14),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(15),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(16),
        CompletedAt = NullableValue<DateTimeOffset>(r, 17),
    };

    public static async Task<List<T>> ReadAllAsync<T>(DbDataReader reader, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    private static T? Nullable<T>(DbDataReader r, int i) where T : class => r.IsDBNull(i) ? null : r.GetFieldValue<T>(i);

    private static T? NullableValue<T>(DbDataReader r, int i) where T : struct => r.IsDBNull(i) ? null : r.GetFieldValue<T>(i);
}

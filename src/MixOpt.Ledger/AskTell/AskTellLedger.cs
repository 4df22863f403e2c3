using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Leases;
using Npgsql;
using NpgsqlTypes;

namespace MixOpt.Ledger.AskTell;

/// <summary>
/// The ask/tell hot path of the REST API (lease the next run, read a run before its result, record the result) as
/// single SQL statements on a raw Npgsql data source: one round trip each instead of the several EF Core reads,
/// change-tracking and transactions of <see cref="Leases.RunLeaseLedger"/>. The statements take the same row locks
/// and make the same checks as that class; whatever they do not handle (a lease that is no longer live, a retried
/// report, a concurrent request with the same idempotency key) they leave untouched for it to decide.
/// </summary>
public sealed class AskTellLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    // The ledger's shared pool (the worker path's statements use it too); its statements are prepared once per connection.
    private readonly LedgerCommands _commands = new(contexts);
    private NpgsqlDataSource Db => _commands.Source;

    /// <summary>
    /// Leases the study's next queued run (lowest ordinal; concurrent callers skip each other's locked rows) if the
    /// study is pending or running. Null when there is no such study.
    /// </summary>
    /// <exception cref="PostgresException">
    /// A unique violation on the one-active-attempt index when a queued run still had a live attempt (never true of
    /// runs queued by this ledger): the caller falls back to <see cref="Leases.RunLeaseLedger.LeaseNextAsync"/>,
    /// which supersedes it.
    /// </exception>
    public async Task<StudyLeaseAnswer?> LeaseNextAsync(Guid studyId, string worker, TimeSpan leaseFor, CancellationToken ct = default)
    {
        var now = Microseconds(clock.GetUtcNow());
        var token = Guid.NewGuid();
        var expires = now + leaseFor;
        await using var command = Db.CreateCommand(AskTellSql.LeaseNext);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = studyId });           // $1
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = worker });          // $2
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = token });             // $3
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });     // $4
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expires }); // $5
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var status = Enum.Parse<StudyStatus>(reader.GetString(0));
        if (await reader.IsDBNullAsync(1, ct)) return new StudyLeaseAnswer(status, null);
        var lease = new Leases.LeasedRun(new Leases.RunLease(studyId, reader.GetGuid(1), reader.GetInt32(3), token, worker, expires),
            reader.GetInt32(2), reader.GetFieldValue<double[]>(4), reader.GetDouble(5));
        return new StudyLeaseAnswer(status, lease);
    }

    /// <summary>
    /// What a result report needs to know before it records anything, in one round trip: the run's lease state and,
    /// when an idempotency key came with the request, the answer stored for it.
    /// </summary>
    public async Task<(RunLeaseState? Run, StoredAnswer? Earlier)> FindForResultAsync(Guid runId, string apiKeyId, string? idempotencyKey, CancellationToken ct = default)
    {
        await using var batch = Db.CreateBatch();
        var run = new NpgsqlBatchCommand(AskTellSql.RunLeaseState);
        run.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = runId });
        batch.BatchCommands.Add(run);
        if (idempotencyKey is not null)
        {
            var earlier = new NpgsqlBatchCommand(AskTellSql.StoredAnswer);
            earlier.Parameters.Add(new NpgsqlParameter<string> { TypedValue = apiKeyId });
            earlier.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idempotencyKey });
            batch.BatchCommands.Add(earlier);
        }
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
    }

    /// <summary>The time a result recorded now will carry (the ledger keeps microseconds, so the answer shows what a read gives).</summary>
    public DateTimeOffset Now() => Microseconds(clock.GetUtcNow());

    /// <summary>
    /// Records the result if <paramref name="result"/>'s lease is the run's current, unexpired one, together with the
    /// answer to remember under the idempotency key (when there is one), in one statement. Not recorded: nothing was
    /// written and the caller decides as before (a retry of a recorded result, or a refusal).
    /// </summary>
    public async Task<ResultWrite> RecordResultAsync(LiveResult result, CancellationToken ct = default)
    {
        await using var command = Db.CreateCommand(AskTellSql.RecordResult);
        var answer = result.Answer;
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = result.RunId });                   // $1
        p.Add(new NpgsqlParameter<Guid> { TypedValue = result.LeaseToken });              // $2
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = result.RecordedAt });    // $3
        p.Add(new NpgsqlParameter<double> { TypedValue = result.Objective });             // $4
        p.Add(new NpgsqlParameter<double> { TypedValue = result.Cost });                  // $5
        p.Add(new NpgsqlParameter<double> { TypedValue = result.Seconds });               // $6
        p.Add(Nullable(NpgsqlDbType.Text, result.ArtifactUri));                           // $7
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. result.Metrics.Keys] });   // $8
        p.Add(new NpgsqlParameter<double[]> { TypedValue = [.. result.Metrics.Values] }); // $9
        p.Add(Nullable(NpgsqlDbType.Text, answer?.ApiKeyId));                             // $10
        p.Add(Nullable(NpgsqlDbType.Text, answer?.IdempotencyKey));                       // $11
        p.Add(new NpgsqlParameter<Guid> { TypedValue = result.StudyId });                 // $12
        p.Add(Nullable(NpgsqlDbType.Bytea, answer?.RequestHash));                         // $13
        p.Add(Nullable(NpgsqlDbType.Text, answer?.Response));                             // $14
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (await reader.IsDBNullAsync(0, ct)) return new ResultWrite(null, false);
        return new ResultWrite(reader.GetInt32(0), reader.GetInt64(1) > 0);
    }

    private static NpgsqlParameter Nullable(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };

    private static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));
}

using Npgsql;

namespace MixOpt.Ledger;

/// <summary>
/// Plain Npgsql commands on the ledger's database, for the statements every run goes through (lease, result, the
/// study's next runs). EF Core costs a context, a DI scope and a query pipeline per call: on the scheduling path that
/// was most of the CPU a run cost, and its change tracking needs several round trips where one statement will do.
/// Transient failures (PostgreSQL restarting) are retried like the EF execution strategy does.
/// </summary>
public sealed class LedgerCommands(NpgsqlDataSource source)
{
    private const int MaxRetries = 6;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The process's pool on the ledger (registered once in DI, see <see cref="CreateDataSource"/>), for callers that
    /// run their own commands and batches on it.
    /// </summary>
    public NpgsqlDataSource Source => source;

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection, again on a fresh one when PostgreSQL failed transiently.
    /// <paramref name="work"/> must be one atomic unit (one statement, a batch, or its own transaction).
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(ct);
                return await work(connection);
            }
            catch (NpgsqlException e) when (e.IsTransient && attempt < MaxRetries && !ct.IsCancellationRequested)
            {
                // 1, 2, 4, 5, 5, 5 s: about as long as the EF strategy waits, long enough for PostgreSQL to restart.
                var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, attempt)));
                await Task.Delay(delay, ct);
            }
        }
    }

    /// <summary>A command with positional parameters ($1, $2, ...), as the statements here are written.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(Parameter(p));
        return command;
    }

    /// <summary>Statements sent in one round trip and run as one implicit transaction (all or nothing).</summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, params (string Sql, object?[] Parameters)[] statements)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var (sql, parameters) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var p in parameters) command.Parameters.Add(Parameter(p));
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    /// <summary>A typed null for a parameter whose value may be missing (PostgreSQL cannot infer the type of a bare null).</summary>
    public sealed record TypedNull(NpgsqlTypes.NpgsqlDbType Type);

    private static NpgsqlParameter Parameter(object? value) => value is TypedNull t
        ? new NpgsqlParameter { NpgsqlDbType = t.Type, Value = DBNull.Value }
        : new NpgsqlParameter { Value = value ?? DBNull.Value };

    /// <summary>The ledger's data source: one pool and prepared-statement cache per process, owned by DI.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // The same few statements run for every run: prepared once per connection, PostgreSQL parses and plans them
        // once instead of every time (unless the connection string already says how many to prepare).
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 32;
        // Its statements leave no session state behind (no SET, advisory locks or temp tables: the migrator, which
        // takes an advisory lock, opens its own connection), so a connection going back to the pool needs no reset.
        settings.NoResetOnClose = true;
        return NpgsqlDataSource.Create(settings.ConnectionString);
    }
}

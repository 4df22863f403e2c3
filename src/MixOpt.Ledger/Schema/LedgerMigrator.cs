using System.Reflection;
using Npgsql;

namespace MixOpt.Ledger.Schema;

/// <summary>
/// Applies the SQL migrations of sql/ledger (embedded in this assembly) in file-name order. Each runs once,
/// in a transaction, under an advisory lock so that several hosts starting together do not race.
/// </summary>
public static class LedgerMigrator
{
    private const string ResourcePrefix = "MixOpt.Ledger.Sql.";
    // Arbitrary constant identifying MixOpt's migration lock among the database's advisory locks.
    private const long AdvisoryLockKey = 0x4D69_784F_7074;

    public sealed record Migration(string Version, string Sql);

    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>Applies pending migrations and returns the versions applied now.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", conn))
        {
            lockCmd.Parameters.AddWithValue("k", AdvisoryLockKey);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await Execute(conn, null, """
                CREATE TABLE IF NOT EXISTS mixopt_schema_migrations (
                    version    text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM mixopt_schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));

            var now = new List<string>();
            foreach (var m in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Execute(conn, tx, m.Sql, ct);
                await using (var record = new NpgsqlCommand("INSERT INTO mixopt_schema_migrations (version) VALUES (@v)", conn, tx))
                {
                    record.Parameters.AddWithValue("v", m.Version);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                now.Add(m.Version);
            }
            return now;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", conn);
            unlock.Parameters.AddWithValue("k", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>All migrations as one script, for a DBA to review or apply by hand.</summary>
    public static string Script() =>
        "CREATE TABLE IF NOT EXISTS mixopt_schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());\n\n" +
        string.Join("\n", Migrations.Select(m => $"-- ==== {m.Version} ====\n{m.Sql}\nINSERT INTO mixopt_schema_migrations (version) VALUES ('{m.Version}');\n"));

    private static async Task Execute(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static IReadOnlyList<Migration> LoadMigrations()
    {
        var assembly = typeof(LedgerMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(n[ResourcePrefix.Length..^4], Read(assembly, n)))
            .ToArray();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

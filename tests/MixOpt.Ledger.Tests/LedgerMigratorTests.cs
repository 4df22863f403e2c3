using MixOpt.Ledger.Schema;
using MixOpt.Testing;

namespace MixOpt.Ledger.Tests;

public sealed class LedgerMigratorTests
{
    [Fact]
    public async Task Migrations_apply_once_and_a_second_run_applies_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await LedgerMigrator.MigrateAsync(db.ConnectionString);
        Assert.Equal(LedgerMigrator.Migrations.Select(m => m.Version), first);
        Assert.Contains("0001_initial", first);

        var second = await LedgerMigrator.MigrateAsync(db.ConnectionString);
        Assert.Empty(second);
        Assert.Equal(first.Count, await db.CountAsync("SELECT count(*) FROM mixopt_schema_migrations"));
        foreach (var table in new[] { "studies", "runs", "run_results", "run_metrics" })
            Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = @t", ("t", table)));
    }

    [Fact]
    public async Task Hosts_starting_together_apply_each_migration_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LedgerMigrator.MigrateAsync(db.ConnectionString)));
        Assert.Equal(LedgerMigrator.Migrations.Count, applied.Sum(a => a.Count));
    }

    [Fact]
    public void The_script_for_a_dba_contains_every_migration_in_order()
    {
        var script = LedgerMigrator.Script();
        var positions = LedgerMigrator.Migrations.Select(m => script.IndexOf($"-- ==== {m.Version} ====", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("CREATE TABLE run_results", script);
    }
}

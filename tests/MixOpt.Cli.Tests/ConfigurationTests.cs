using MixOpt.Testing;

namespace MixOpt.Cli.Tests;

/// <summary>
/// <c>mixopt</c> reads its connection strings as the hosts do: <c>ConnectionStrings:Ledger</c> from appsettings.json,
/// the environment (<c>ConnectionStrings__Ledger</c>) or a <c>--ConnectionStrings:Ledger=...</c> switch, with a
/// command's own <c>--connection</c> winning. A real throwaway database on the test PostgreSQL.
/// </summary>
public sealed class ConfigurationTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2";
    private static readonly Dictionary<string, string?> NoLedger = new() { ["ConnectionStrings__Ledger"] = null };

    [Fact]
    public void Without_a_ledger_anywhere_a_command_prints_one_line_naming_the_key_and_fails()
    {
        var result = CliProcess.RunWith(NoLedger, "keys", "list");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mixopt: ", line);
        Assert.Contains("ConnectionStrings:Ledger", line);
        Assert.Contains("--connection", line);
    }

    [Fact]
    public async Task A_configuration_switch_on_the_command_line_sets_the_ledger()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = CliProcess.RunWith(NoLedger, "db", "migrate", $"--ConnectionStrings:Ledger={db.ConnectionString}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Applied:", result.StdOut);
    }

    [Fact]
    public async Task The_environment_variable_still_sets_the_ledger()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrate = CliProcess.RunWith(new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = db.ConnectionString }, "db", "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        var list = CliProcess.RunWith(new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = db.ConnectionString }, "keys", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
    }

    [Fact]
    public async Task A_commands_own_option_wins_over_the_environment_and_the_switch()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = CliProcess.RunWith(new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = Unreachable },
            "db", "migrate", "--connection", db.ConnectionString, $"--ConnectionStrings:Ledger={Unreachable}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Applied:", result.StdOut);
    }

    [Fact]
    public void A_worker_with_a_bad_setting_prints_one_line_naming_the_key()
    {
        // The silo's start-up validation runs before it connects to anything, so an unreachable ledger is never tried.
        var result = CliProcess.RunWith(NoLedger, "worker", $"--ConnectionStrings:Ledger={Unreachable}", "--blobs", "UseDevelopmentStorage=true", "--Training:Threads=0");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Training:Threads", line);
    }
}

using System.Text.Json;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Surrogates;

namespace MixOpt.Cli.Tests;

/// <summary>The short <c>bench suite</c> (the CI version; the full suite runs outside CI, docs/BENCHMARKS.md).</summary>
public sealed class BenchSuiteTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_short_suite_reports_surrogates_strategies_and_a_scoreboard_for_every_family()
    {
        var run = CliProcess.Run("bench", "suite", "--short", "--strategies", "random,bo,optuna-tpe", "--out", _files.Path("suite.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("seeds 0..1", run.StdOut);
        Assert.Contains("bo: vs random", run.StdOut);

        var json = Json.Read(_files.Path("suite.json"));
        var families = json.GetProperty("families").EnumerateArray().ToArray();
        Assert.Equal(ProblemSuite.Short.Select(s => s.Name), families.Select(f => f.GetProperty("name").GetString()));
        foreach (var family in families)
        {
            var surrogates = family.GetProperty("surrogates").EnumerateArray().ToArray();
            // Every engine surrogate and both scikit-learn peers, each with a Spearman in [-1, 1] or n/a (untrusted fit).
            Assert.Equal(SurrogateCatalog.Names.Count + 2, surrogates.Length);
            Assert.Equal(2, surrogates.Count(s => s.GetProperty("peer").GetBoolean()));
            foreach (var s in surrogates.Where(s => s.GetProperty("spearman").ValueKind != JsonValueKind.Null))
                Assert.InRange(s.GetProperty("spearman").GetDouble(), -1, 1);
            Assert.NotNull(family.Number("best_peer_spearman"));

            var strategies = family.GetProperty("strategies").EnumerateArray().ToArray();
            Assert.Equal(["random", "bo", "optuna-tpe"], strategies.Select(s => s.GetProperty("name").GetString()));
            var budget = family.GetProperty("budget").GetDouble();
            Assert.Equal(0.25 * family.GetProperty("target_rows").GetInt32(), budget, 9);
            foreach (var s in strategies)
            {
                var regrets = s.GetProperty("regret_at").EnumerateArray().ToArray();
                Assert.Equal(3, regrets.Length);
                Assert.All(regrets, r => Assert.True(r.GetDouble() >= 0));
                Assert.InRange(s.Number("median_cost_to_top1") ?? budget, 0, budget + 1e-9);
            }
        }
        var board = json.GetProperty("scoreboard");
        Assert.Equal(3, board.GetArrayLength());
        var bo = board.ByName("bo");
        Assert.Equal(families.Length, bo.GetProperty("won_vs_random").GetInt32() + bo.GetProperty("tied_vs_random").GetInt32() + bo.GetProperty("lost_vs_random").GetInt32());
        Assert.Equal(families.Length, bo.GetProperty("won_vs_peer").GetInt32() + bo.GetProperty("tied_vs_peer").GetInt32() + bo.GetProperty("lost_vs_peer").GetInt32());
    }

    [Fact]
    public void Write_tables_writes_each_familys_training_table_and_pool_as_run_tables()
    {
        var family = ProblemSuite.Short[0];
        var folder = _files.Path("tables");
        var run = CliProcess.Run("bench", "suite", "--short", "--families", family.Name, "--no-surrogates", "--no-strategies", "--write-tables", folder);
        Assert.True(run.ExitCode == 0, run.ToString());
        var train = File.ReadAllLines(Path.Combine(folder, family.Name + "-train.csv"));
        var pool = File.ReadAllLines(Path.Combine(folder, family.Name + "-pool.csv"));
        Assert.Equal(48 + 1, train.Length);                    // --short's 48 training runs and a header
        Assert.Equal(40 * family.Rungs + 1, pool.Length);      // 40 mixtures at every rung
        var parsed = MixOpt.Core.RunTables.RunTableParser.Parse(string.Join('\n', pool), "pool");
        Assert.Equal(family.Domains, parsed.Domains.Count);
        Assert.True(parsed.HasFidelity);
        Assert.Equal(family.Rungs, parsed.Rows.Select(r => r.Fidelity).Distinct().Count());
        Assert.Equal(family.Domains, MixOpt.Core.RunTables.RunTableParser.Parse(string.Join('\n', train), "train").Domains.Count);
    }

    [Fact]
    public void An_unknown_family_is_one_error_line()
    {
        var run = CliProcess.Run("bench", "suite", "--short", "--families", "d3-nothing", "--no-surrogates", "--strategies", "random");
        Assert.Equal(1, run.ExitCode);
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.Contains("unknown family 'd3-nothing'", lines[0]);
    }
}

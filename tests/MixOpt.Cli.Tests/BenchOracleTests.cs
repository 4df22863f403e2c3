using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Tests;

public sealed class BenchOracleTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Oracle_reports_nonnegative_regret_against_the_known_optimum_for_every_strategy()
    {
        var run = CliProcess.Run("bench", "oracle", "--domains", "3", "--fidelities", "0.1:0.1,1:1", "--budget", "4", "--seeds", "2", "--candidates", "2000",
            "--out", _files.Path("o.json"), "--plot", _files.Path("plots"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("seeds 0..1", run.StdOut);

        var json = Json.Read(_files.Path("o.json"));
        Assert.Equal(3, json.GetProperty("domains").GetInt32());
        Assert.Equal(2, json.GetProperty("fidelities").GetArrayLength());
        var strategies = json.GetProperty("strategies");
        Assert.Equal(ProposerCatalog.Names.Append("bo@cheapest").Append("optuna-tpe").Order(), strategies.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order());
        foreach (var s in strategies.EnumerateArray())
            foreach (var regret in s.GetProperty("final_regrets").EnumerateArray())
                // The optimum is found numerically; a recommendation can tie it, never beat it by more than its precision.
                Assert.InRange(regret.GetDouble(), -1e-6, 10);
        Json.AssertPng(_files.Path("plots/oracle_regret_vs_cost.png"));
    }

    [Fact]
    public void Oracle_reports_regret_at_the_requested_costs_with_batches()
    {
        var run = CliProcess.Run("bench", "oracle", "--domains", "3", "--budget", "4", "--seeds", "2", "--batch", "2", "--at", "1,3",
            "--strategies", "random,bo", "--out", _files.Path("o.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("batch 2", run.StdOut);
        Assert.Contains("regret at cost 3", run.StdOut);
        var json = Json.Read(_files.Path("o.json"));
        Assert.Equal(2, json.GetProperty("batch").GetInt32());
        foreach (var s in json.GetProperty("strategies").EnumerateArray())
        {
            var at = s.GetProperty("regret_at").EnumerateArray().ToArray();
            Assert.Equal([1.0, 3.0], at.Select(a => a.GetProperty("cost").GetDouble()));
            // Target runs cost 1 and come in pairs: nothing is recommended by cost 1, something by cost 3.
            Assert.Equal(System.Text.Json.JsonValueKind.Null, at[0].GetProperty("median").ValueKind);
            Assert.InRange(at[1].GetProperty("median").GetDouble(), -1e-6, 10);
        }

        var bad = CliProcess.Run("bench", "oracle", "--at", "2,x");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--at: 'x' is not a positive cost.", bad.StdErr);
    }
}

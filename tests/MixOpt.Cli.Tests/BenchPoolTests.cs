using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Tests;

public sealed class BenchPoolTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Pool_reports_cost_to_top1_for_baselines_and_the_optuna_peer()
    {
        // 100 mixtures at fidelity 1 (cost 0.1) and 10 (cost 1). The oracle's fidelity offset does not depend on the
        // mixture, so the cheap ranking is the target ranking: screen-then-climb pays 100 × 0.1 then one target run.
        var pool = _files.Write("pool.csv", rows: 100, seed: 5, (1, 0.1), (10, 1));
        var run = CliProcess.Run("bench", "pool", "--pool", pool, "--target", "m:loss", "--minimize", "--seeds", "3", "--budget", "15",
            "--strategies", "random,screen-then-climb,optuna-tpe", "--out", _files.Path("r.json"), "--plot", _files.Path("plots"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("seeds 0..2", run.StdOut);
        Assert.Contains("screen-then-climb", run.StdOut);

        var json = Json.Read(_files.Path("r.json"));
        Assert.Equal(1, json.GetProperty("top_count").GetInt32());
        var strategies = json.GetProperty("strategies");
        Assert.Equal(3, strategies.GetArrayLength());
        foreach (var s in strategies.EnumerateArray())
        {
            Assert.Equal(2, s.GetProperty("iqr").GetArrayLength());
            var hit = s.GetProperty("hit_rate").GetDouble();
            Assert.InRange(hit, 0, 1);
            Assert.InRange(s.Number("final_regret") ?? double.PositiveInfinity, 0, double.PositiveInfinity);
            var costs = s.GetProperty("costs_to_top1").EnumerateArray().Select(c => c.ValueKind == System.Text.Json.JsonValueKind.Null ? (double?)null : c.GetDouble()).ToArray();
            Assert.Equal(3, costs.Length);
            Assert.Equal(hit, costs.Count(c => c is not null) / 3.0, 9);
            Assert.All(costs.OfType<double>(), c => Assert.InRange(c, 0.1, 15 + 1e-9));
        }
        var climb = strategies.ByName("screen-then-climb");
        Assert.Equal(11.0, climb.Number("median_cost_to_top1")!.Value, 9);
        Assert.Equal(1.0, climb.GetProperty("hit_rate").GetDouble());
        Assert.Equal(0.0, climb.Number("final_regret")!.Value, 12);
        // Random runs target rows only (cost 1 each), so its costs are whole numbers.
        Assert.All(strategies.ByName("random").GetProperty("costs_to_top1").EnumerateArray().Where(c => c.ValueKind != System.Text.Json.JsonValueKind.Null),
            c => Assert.Equal(Math.Round(c.GetDouble()), c.GetDouble(), 9));
        Json.AssertPng(_files.Path("plots/pool_regret_vs_cost.png"));
    }

    [Fact]
    public void Pool_runs_every_strategy_of_the_engine_by_default()
    {
        var pool = _files.Write("pool.csv", rows: 30, seed: 2, (1, 0.1), (10, 1));
        var run = CliProcess.Run("bench", "pool", "--pool", pool, "--target", "loss", "--minimize", "--seeds", "1", "--budget", "3", "--out", _files.Path("r.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var names = Json.Read(_files.Path("r.json")).GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order();
        Assert.Equal(ProposerCatalog.Names.Append("bo@cheapest").Append("screen-then-climb").Append("optuna-tpe").Order(), names);
    }

    [Fact]
    public void Pool_stops_a_seed_once_it_has_reached_the_top_and_spent_the_cap()
    {
        // Random search over all 100 target rows (cost 1 each) always reaches the single top row; with --cap 3 a
        // seed stops at max(its cost to the top, 3) instead of running the whole budget.
        var pool = _files.Write("pool.csv", rows: 100, seed: 5, (1, 0.1), (10, 1));
        var run = CliProcess.Run("bench", "pool", "--pool", pool, "--target", "m:loss", "--minimize", "--seeds", "4", "--cap", "3",
            "--strategies", "random,regmix", "--out", _files.Path("r.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("bench pool: random seed 3:", run.StdErr);
        var json = Json.Read(_files.Path("r.json"));
        Assert.Equal(3, json.GetProperty("cap").GetDouble());
        var random = json.GetProperty("strategies").ByName("random");
        var costs = random.GetProperty("costs_to_top1").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal(costs.Average(c => Math.Max(c, 3)), random.GetProperty("mean_spent").GetDouble(), 9);
        Assert.InRange(random.Number("final_regret")!.Value, 0, 10);
    }

    [Fact]
    public void Bo_at_the_cheapest_rung_is_its_own_row_and_runs_only_cheap_rows()
    {
        var pool = _files.Write("pool.csv", rows: 30, seed: 3, (1, 0.1), (10, 1));
        var run = CliProcess.Run("bench", "pool", "--pool", pool, "--target", "m:loss", "--minimize", "--seeds", "2", "--budget", "5",
            "--strategies", "bo,bo@cheapest", "--out", _files.Path("r.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("bench pool: bo@cheapest seed 1:", run.StdErr);
        var strategies = Json.Read(_files.Path("r.json")).GetProperty("strategies");
        // 30 cheap rows at 0.1 each: it can never spend more than 3, however long it runs; target-only bo spends whole units.
        Assert.InRange(strategies.ByName("bo@cheapest").GetProperty("mean_spent").GetDouble(), 0.3, 3 + 1e-9);
        Assert.Equal(5, strategies.ByName("bo").GetProperty("mean_spent").GetDouble(), 9);
    }
}

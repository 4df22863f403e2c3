using MixOpt.Core.Strategies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Cli.Tests;

public sealed class BenchProposeTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Propose_times_every_surrogate_and_strategy_beside_scikit_learn()
    {
        var train = _files.Write("train.csv", rows: 40, seed: 4, (1, 1));
        var run = CliProcess.Run("bench", "propose", "--train", train, "--target", "m:loss", "--observations", "32", "--candidates", "5000",
            "--gp-candidates", "100", "--batch", "4", "--repeats", "1", "--out", _files.Path("p.json"));
        Assert.True(run.ExitCode == 0, run.ToString());

        var json = Json.Read(_files.Path("p.json"));
        Assert.Equal(32, json.GetProperty("observations").GetInt32());
        var timings = json.GetProperty("timings").EnumerateArray().ToArray();
        Assert.All(timings, t => Assert.True(t.GetProperty("seconds").GetDouble() >= 0));
        string[] Names(bool peer, string task) => timings.Where(t => t.GetProperty("peer").GetBoolean() == peer && t.GetProperty("task").GetString() == task)
            .Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(SurrogateCatalog.Names.Order(), Names(false, "fit + score candidates").Order());
        Assert.Equal(ProposerCatalog.Names.Order(), Names(false, "propose a batch").Order());
        Assert.Single(Names(true, "fit + score candidates"));
        Assert.Single(Names(true, "propose a batch"));
        Assert.True(timings.Where(t => t.GetProperty("peer").GetBoolean()).All(t => t.GetProperty("seconds").GetDouble() > 0));
        var ratios = json.GetProperty("ratios").EnumerateArray().ToArray();
        // Every engine surrogate is compared with the gradient-boosting peer; ratios are positive.
        Assert.Equal(SurrogateCatalog.Names.Count, ratios.Count(r => r.GetProperty("task").GetString() == "fit + score candidates"));
        Assert.All(ratios, r => Assert.True(r.GetProperty("speedup").GetDouble() > 0));
    }
}

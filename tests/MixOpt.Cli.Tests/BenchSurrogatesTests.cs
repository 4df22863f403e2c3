using MixOpt.Core.Surrogates;

namespace MixOpt.Cli.Tests;

public sealed class BenchSurrogatesTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Surrogates_scores_every_surrogate_and_the_sklearn_peers_per_test_group()
    {
        var train = _files.Write("train.csv", rows: 60, seed: 11, (1, 0.1));
        var test = _files.Write("test.csv", rows: 30, seed: 12, (1, 0.1), (10, 1));
        var run = CliProcess.Run("bench", "surrogates", "--train", train, "--test", test, "--target", "m:loss", "--runs", "40", "--seeds", "2",
            "--out", _files.Path("s.json"), "--plot", _files.Path("plots"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("seeds 0..1", run.StdOut);
        Assert.Contains("peer scikit-learn", run.StdOut);

        var json = Json.Read(_files.Path("s.json"));
        var rows = json.GetProperty("surrogates").EnumerateArray().ToArray();
        // One row per (surrogate, test fidelity): every engine surrogate and both peers, at fidelities 1 and 10.
        Assert.Equal((SurrogateCatalog.Names.Count + 2) * 2, rows.Length);
        foreach (var r in rows)
        {
            Assert.Equal(30, r.GetProperty("n").GetInt32());
            Assert.InRange(r.Number("spearman")!.Value, -1, 1);
            Assert.InRange(r.Number("pearson")!.Value, -1, 1);
            Assert.True(r.Number("mse") >= 0);
            Assert.True(r.GetProperty("fit_s").GetDouble() > 0);
        }
        Assert.Equal(2, rows.Count(r => r.GetProperty("peer").GetBoolean() && r.GetProperty("test_fidelity").GetDouble() == 1));
        // A smooth 3-domain loss is easy for a GP even from 40 runs; the ranking carries over to fidelity 10.
        var gp = rows.Where(r => r.GetProperty("name").GetString() == "sklearn-gaussian-process").ToArray();
        Assert.All(gp, r => Assert.True(r.Number("spearman") > 0.9, r.ToString()));
        Json.AssertPng(_files.Path("plots/surrogate_sklearn-gaussian-process_test-1.png"));
    }
}

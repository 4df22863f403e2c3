using MixOpt.Core.RunTables;

namespace MixOpt.Cli.Tests;

public sealed class RunsCommandTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    private const string Mixtures = "index,train_the_pile_arxiv,train_the_pile_github,train_the_pile_pile_cc\n1,0.2,0.3,0.5\n2,0.6,0.0,0.398\n3,0.1,0.1,0.8\n";
    // Rows in another order than the mixture file: the join is on index, not on position.
    private const string Metrics = "index,metric/the_pile_pile_cc_val_loss,metric/the_pile_arxiv_val_loss\n3,5.1,4.0\n1,5.5,4.2\n2,5.9,3.9\n";

    [Fact]
    public void Convert_joins_on_index_renames_columns_and_sets_fidelity_and_cost()
    {
        var outPath = _files.Path("out/table.csv");
        var run = CliProcess.Run("runs", "convert", "--from", "regmix", "--mixtures", _files.WriteText("m.csv", Mixtures),
            "--metrics", _files.WriteText("l.csv", Metrics), "--fidelity", "60", "--cost", "1/60", "--out", outPath);
        Assert.True(run.ExitCode == 0, run.ToString());

        var table = RunTableParser.Parse(File.ReadAllText(outPath), outPath);
        Assert.Equal(["arxiv", "github", "pile_cc"], table.Domains);
        Assert.Equal(["pile_cc", "arxiv"], table.Metrics);
        Assert.Equal(3, table.Rows.Count);
        Assert.All(table.Rows, r => { Assert.Equal(60, r.Fidelity); Assert.Equal(1.0 / 60, r.Cost, 12); Assert.Equal(1.0, r.Weights.Sum(), 12); });
        // Row 2 summed to 0.998 and is renormalized; its loss comes from the metric row with index 2.
        Assert.Equal(0.6 / 0.998, table.Rows[1].Weights[0], 12);
        Assert.Equal(5.9, table.Rows[1].Metrics[table.MetricIndex("m:pile_cc")]);
        Assert.Equal(4.2, table.Rows[0].Metrics[table.MetricIndex("arxiv")]);
    }

    [Fact]
    public void To_regmix_then_convert_round_trips_a_table()
    {
        var original = _files.Write("t.csv", rows: 5, seed: 3, (1, 0.5), (10, 1));
        var exported = CliProcess.Run("runs", "to-regmix", "--table", original, "--mixtures", _files.Path("mix.csv"), "--metrics", _files.Path("loss.csv"));
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var back = CliProcess.Run("runs", "convert", "--from", "regmix", "--mixtures", _files.Path("mix.csv"), "--metrics", _files.Path("loss.csv"), "--out", _files.Path("back.csv"));
        Assert.True(back.ExitCode == 0, back.ToString());

        var a = RunTableParser.Parse(File.ReadAllText(original), original);
        var b = RunTableParser.Parse(File.ReadAllText(_files.Path("back.csv")), "back.csv");
        Assert.Equal(a.Domains, b.Domains);
        Assert.Equal(a.Metrics, b.Metrics);
        Assert.False(b.HasFidelity);
        Assert.Equal(a.Rows.Select(r => r.Metrics[0]), b.Rows.Select(r => r.Metrics[0]));
        Assert.Equal(a.Rows.SelectMany(r => r.Weights), b.Rows.SelectMany(r => r.Weights));
    }

    [Fact]
    public void Concat_combines_fidelities_into_one_pool()
    {
        var cheap = _files.Write("cheap.csv", rows: 4, seed: 1, (1, 0.1));
        var full = _files.Write("full.csv", rows: 4, seed: 1, (10, 1));
        var run = CliProcess.Run("runs", "concat", "--out", _files.Path("pool.csv"), cheap, full);
        Assert.True(run.ExitCode == 0, run.ToString());
        var pool = RunTableParser.Parse(File.ReadAllText(_files.Path("pool.csv")), "pool.csv");
        Assert.Equal([1.0, 10.0], pool.Fidelities);
        Assert.Equal(8, pool.Rows.Count);
    }
}

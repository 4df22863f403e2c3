namespace MixOpt.Cli.Tests;

/// <summary>Bad files and arguments: exit code 1 and exactly one readable line on stderr naming the problem.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    private static string OneErrorLine(CliProcess.Result run)
    {
        Assert.True(run.ExitCode != 0, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        return lines[0];
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one_are_rejected_with_file_and_line()
    {
        var path = _files.WriteText("bad.csv", "w:a,w:b,m:loss\n0.5,0.5,1\n0.5,0.4,2\n");
        var line = OneErrorLine(CliProcess.Run("bench", "pool", "--pool", path, "--target", "m:loss", "--minimize", "--seeds", "1", "--strategies", "random"));
        Assert.Contains("bad.csv line 3", line);
        Assert.Contains("sum to 0.9", line);
    }

    [Fact]
    public void A_cell_that_is_not_a_number_names_its_column()
    {
        var path = _files.WriteText("cell.csv", "w:a,w:b,fidelity,m:loss\n0.5,0.5,1,1\n0.5,x,1,2\n");
        var line = OneErrorLine(CliProcess.Run("bench", "surrogates", "--train", path, "--test", path, "--target", "m:loss", "--no-peers"));
        Assert.Contains("cell.csv line 3, column 2 (w:b)", line);
        Assert.Contains("'x' is not a finite number", line);
    }

    [Fact]
    public void A_missing_file_and_an_unknown_metric_are_one_line_each()
    {
        Assert.Contains("nope.csv: file not found", OneErrorLine(CliProcess.Run("runs", "concat", "--out", _files.Path("o.csv"), _files.Path("nope.csv"))));
        var table = _files.Write("t.csv", rows: 4, seed: 1, (1, 1));
        Assert.Contains("no metric column m:accuracy", OneErrorLine(CliProcess.Run("bench", "pool", "--pool", table, "--target", "m:accuracy", "--minimize")));
    }

    [Fact]
    public void A_regmix_metric_row_without_a_mixture_row_is_named()
    {
        var mixtures = _files.WriteText("m.csv", "index,train_a,train_b\n1,0.5,0.5\n");
        var metrics = _files.WriteText("l.csv", "index,metric/x\n1,2.0\n7,3.0\n");
        var line = OneErrorLine(CliProcess.Run("runs", "convert", "--from", "regmix", "--mixtures", mixtures, "--metrics", metrics, "--out", _files.Path("o.csv")));
        Assert.Contains("l.csv line 3: index 7 has no row in", line);
    }

    [Fact]
    public void An_unknown_strategy_is_named()
    {
        var table = _files.Write("t.csv", rows: 4, seed: 1, (1, 1));
        Assert.Contains("unknown strategy 'nope'", OneErrorLine(CliProcess.Run("bench", "pool", "--pool", table, "--target", "loss", "--minimize", "--strategies", "random,nope")));
    }
}

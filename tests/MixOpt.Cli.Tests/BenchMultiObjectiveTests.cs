namespace MixOpt.Cli.Tests;

public sealed class BenchMultiObjectiveTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Hypervolume_fractions_are_printed_per_seed_and_stay_within_the_true_front()
    {
        var run = CliProcess.Run("bench", "multiobjective", "--runs", "8", "--seeds", "2", "--strategies", "mobo,random", "--out", _files.Path("m.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("seeds 0,1", run.StdOut);
        var json = Json.Read(_files.Path("m.json"));
        Assert.Equal(["mobo", "random"], json.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        foreach (var s in json.GetProperty("strategies").EnumerateArray())
            foreach (var trace in s.GetProperty("traces").EnumerateArray())
            {
                var values = trace.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(8, values.Length);
                // Found hypervolume never shrinks and never exceeds the true front's (up to its 0.1% sampling).
                Assert.All(values.Zip(values.Skip(1)), p => Assert.True(p.Second >= p.First));
                Assert.All(values, v => Assert.InRange(v, 0, 1.001));
            }
    }

    [Fact]
    public void An_unknown_strategy_is_one_readable_line_and_a_non_zero_exit()
    {
        var run = CliProcess.Run("bench", "multiobjective", "--strategies", "astrology");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("unknown strategy 'astrology'", run.StdErr);
    }
}

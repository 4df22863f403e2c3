using System.Text.Json;

namespace MixOpt.Cli.Tests;

public sealed class BenchHierarchyTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"mixopt-bench-hierarchy-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_out);

    [Fact]
    public void Every_space_is_reported_and_no_flat_run_beats_the_flat_floor()
    {
        var run = CliProcess.Run("bench", "hierarchy", "--seeds", "2", "--runs", "12", "--strategies", "random", "--out", _out);
        Assert.True(run.ExitCode == 0, run.ToString());
        var figures = JsonDocument.Parse(File.ReadAllText(_out)).RootElement;
        var floors = figures.GetProperty("flat_floor").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(2, floors.Length);
        Assert.All(floors, f => Assert.True(f > 0));
        var rows = figures.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["flat", "buckets", "quadmix"], rows.Select(r => r.GetProperty("space").GetString()));
        // The flat space holds only domain-level mixtures: none can go below the best of them.
        var flat = rows[0].GetProperty("final_regret_per_seed").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (var i = 0; i < 2; i++) Assert.True(flat[i] >= floors[i] - 1e-4, $"seed {i}: {flat[i]} below the floor {floors[i]}");
    }

    [Fact]
    public void Bad_arguments_are_one_line()
    {
        var run = CliProcess.Run("bench", "hierarchy", "--buckets", "1");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--buckets must be between 2 and 16", run.StdErr);
        Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

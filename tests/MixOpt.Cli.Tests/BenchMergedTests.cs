namespace MixOpt.Cli.Tests;

/// <summary><c>bench merged</c>: bad arguments are one line and exit 1; a tiny run prints the correlation and cost lines.</summary>
public sealed class BenchMergedTests
{
    private static string OneErrorLine(CliProcess.Result run)
    {
        Assert.True(run.ExitCode != 0, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        return lines[0];
    }

    [Theory]
    [InlineData("--mixtures", "2", "--mixtures must be at least 3")]
    [InlineData("--budget", "0", "--budget must be")]
    [InlineData("--merged-cost", "-1", "--merged-cost must be")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    public void Bad_arguments_are_one_line(string option, string value, string expected) =>
        Assert.Contains(expected, OneErrorLine(CliProcess.Run("bench", "merged", option, value)));

    [Fact]
    public void A_tiny_run_prints_the_rank_correlation_and_both_costs()
    {
        var output = Path.Combine(Path.GetTempPath(), "mixopt-bench-merged-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        var run = CliProcess.Run("bench", "merged", "--mixtures", "4", "--steps", "5", "--bytes-per-domain", "16384", "--no-race", "--seeds", "1", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(output)))
            Assert.Equal(4, json.RootElement.GetProperty("correlation").GetProperty("mixtures").GetArrayLength());
        File.Delete(output);
        Assert.Contains("Spearman(merged mean loss, trained mean loss) = ", run.StdOut);
        Assert.Contains("scoring 4 mixtures: merged ", run.StdOut);
        Assert.Contains("per-domain trainings", run.StdOut);
    }
}

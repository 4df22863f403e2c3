namespace MixOpt.Cli.Tests;

/// <summary><c>mixopt bench demo</c>: bad input is one line and exit 1; a short run prints the spread, the noise and the CV table.</summary>
public sealed class BenchDemoCommandTests
{
    private static string OneErrorLine(CliProcess.Result run)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        return lines[0];
    }

    [Fact]
    public void Bad_options_and_a_domain_the_demo_corpus_lacks_are_one_line_each()
    {
        Assert.Contains("--domains needs at least 2", OneErrorLine(CliProcess.Run("bench", "demo", "--domains", "legal")));
        Assert.Contains("--mixtures must be at least 3", OneErrorLine(CliProcess.Run("bench", "demo", "--mixtures", "2")));
        Assert.Contains("Unknown model shape 'huge'", OneErrorLine(CliProcess.Run("bench", "demo", "--shape", "huge")));
        Assert.Contains("nowhere are not available here", OneErrorLine(CliProcess.Run("bench", "demo", "--domains", "legal,nowhere")));
    }

    [Fact]
    public void A_short_run_prints_every_run_the_spread_the_noise_and_the_surrogates_cross_validation()
    {
        var run = CliProcess.Run("bench", "demo", "--steps", "5", "--mixtures", "4", "--repeats", "2");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(6, run.StdOut.Split('\n').Count(l => l.Contains("loss:mean")));
        Assert.Contains("spread across 4 mixtures: sd ", run.StdOut);
        Assert.Contains("repeat noise of the uniform mixture over 2 seeds: sd ", run.StdOut);
        Assert.Contains("spread / noise: ", run.StdOut);
        Assert.Contains("  CV", run.StdOut);
    }
}

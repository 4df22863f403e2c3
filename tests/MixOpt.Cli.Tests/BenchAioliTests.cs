using MixOpt.Cli.Bench;
using MixOpt.Cli.Commands;

namespace MixOpt.Cli.Tests;

/// <summary><c>mixopt bench aioli</c>: the diagnosis's up-weighted mixtures, the --start mixture, and a bad probe option is one line and exit 1.</summary>
public sealed class BenchAioliTests
{
    [Theory]
    [InlineData(5, 0)]
    [InlineData(5, 4)]
    [InlineData(2, 1)]
    public void An_up_weighted_mixture_sums_to_one_with_its_domain_at_twice_each_other(int domains, int domain)
    {
        var w = AioliStaticDiagnosis.UpWeighted(domains, domain);
        Assert.Equal(domains, w.Length);
        Assert.Equal(1.0, w.Sum(), 12);
        for (var i = 0; i < domains; i++)
            if (i != domain) Assert.Equal(2 * w[i], w[domain], 12);
    }

    [Fact]
    public void Zero_sweeps_is_one_readable_line_and_exit_1()
    {
        var run = CliProcess.Run("bench", "aioli", "--sweeps", "0", "--seeds", "1", "--steps", "20");
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.Contains("sweeps must be between 1 and 100", lines[0]);
    }

    [Fact]
    public void A_start_mixture_is_normalized_in_domain_order()
    {
        var m = AioliStartMixture.Parse("1, 1, 1, 6, 1", 5);
        double[] expected = [0.1, 0.1, 0.1, 0.6, 0.1];
        for (var i = 0; i < 5; i++) Assert.Equal(expected[i], m[i], 12);
    }

    [Theory]
    [InlineData("0.5,0.5", "has 2 weights; the corpus has 3 domains")]
    [InlineData("0.5,-0.1,0.6", "weight 2 is '-0.1'")]
    [InlineData("0.5,x,0.6", "weight 2 is 'x'")]
    [InlineData("0.5,NaN,0.6", "weight 2 is 'NaN'")]
    [InlineData("0,0,0", "sum to zero")]
    public void A_bad_start_mixture_is_refused_naming_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<CliException>(() => AioliStartMixture.Parse(text, 3));
        Assert.Contains(expected, e.Message);
    }
}

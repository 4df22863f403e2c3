namespace MixOpt.Cli.Tests;

/// <summary><c>mixopt campaigns</c> and <c>mixopt bench remix</c>: bad input is one line and exit 1; the figure prints its saving.</summary>
public sealed class CampaignsCommandTests
{
    private static readonly Dictionary<string, string?> NoService = new() { ["MIXOPT_URL"] = null, ["MIXOPT_KEY"] = null, ["MIXOPT_PROFILE"] = "/nonexistent/mixopt-profile.json" };

    private static string OneErrorLine(CliProcess.Result run)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        return lines[0];
    }

    [Fact]
    public void Without_a_url_or_key_the_client_says_which_is_missing()
    {
        Assert.Contains("no server: pass --url", OneErrorLine(CliProcess.RunWith(NoService, "campaigns", "list")));
        Assert.Contains("no API key", OneErrorLine(CliProcess.RunWith(NoService, "campaigns", "list", "--url", "http://127.0.0.1:1")));
        Assert.Contains("not a campaign id", OneErrorLine(CliProcess.RunWith(NoService, "campaigns", "show", "42", "--url", "http://127.0.0.1:1", "--key", "k")));
    }

    [Fact]
    public void A_missing_file_and_an_unreachable_service_are_one_line_each()
    {
        Assert.Contains("no campaign file", OneErrorLine(CliProcess.RunWith(NoService, "campaigns", "create", "-f", "/nonexistent/campaign.yaml", "--url", "http://127.0.0.1:1", "--key", "k")));
        Assert.Contains("cannot reach", OneErrorLine(CliProcess.RunWith(NoService, "campaigns", "list", "--url", "http://127.0.0.1:1", "--key", "k")));
    }

    [Fact]
    public void Bench_remix_reports_the_compute_it_saves_and_refuses_a_bad_count()
    {
        var run = CliProcess.Run("bench", "remix", "--domains", "8", "--changed", "1", "--runs", "16", "--seeds", "2", "--strategy", "random");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("re-mix 4 runs vs full 16 (75 % less)", run.StdOut);
        Assert.Contains("--changed must be between 1 and 7", OneErrorLine(CliProcess.Run("bench", "remix", "--changed", "8")));
    }
}

using System.Text.Json;

namespace MixOpt.Cli.Tests;

/// <summary><c>corpus prepare --quality --buckets</c> through the real command: bucket sub-domains, or one readable line and nothing written.</summary>
public sealed class CorpusQualityCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mixopt-cli-quality-" + Guid.NewGuid().ToString("N"));

    public CorpusQualityCommandTests()
    {
        var random = new Random(4);
        foreach (var domain in new[] { "code", "web" })
        {
            var folder = Path.Combine(_root, "text", domain);
            Directory.CreateDirectory(folder);
            for (var d = 0; d < 12; d++)
                File.WriteAllText(Path.Combine(folder, $"{d:D2}.txt"),
                    string.Concat(Enumerable.Repeat("boilerplate ", random.Next(30))) + string.Join(' ', Enumerable.Range(0, 40).Select(_ => random.Next(99999))));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string[] Args(params string[] extra) =>
        ["corpus", "prepare", "--domain", $"code={Path.Combine(_root, "text", "code")}", "--domain", $"web={Path.Combine(_root, "text", "web")}",
         "--out", Path.Combine(_root, "shards"), .. extra];

    [Fact]
    public void Buckets_are_written_as_sub_domains_with_token_counts()
    {
        var run = CliProcess.Run(Args("--quality", "compression", "--buckets", "3"));
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var name in new[] { "code/q1", "code/q2", "code/q3", "web/q1", "web/q2", "web/q3" })
        {
            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "shards", name, "manifest.json"))).RootElement;
            Assert.Equal(name, manifest.GetProperty("domain").GetString());
            Assert.True(manifest.GetProperty("train").GetProperty("tokens").GetInt64() > 0);
            Assert.Equal("compression", manifest.GetProperty("quality").GetProperty("scorer").GetString());
        }
        Assert.Contains("code/q3", run.StdOut);
    }

    [Theory]
    [InlineData("unknown quality scorer 'perplexity-gpt'", "--quality", "perplexity-gpt", "--buckets", "3")]
    [InlineData("--buckets must be between 2 and 64, got 1", "--quality", "compression", "--buckets", "1")]
    [InlineData("--buckets must be between 2 and 64, got 100000", "--quality", "compression", "--buckets", "100000")]
    [InlineData("--quality needs --buckets", "--quality", "compression")]
    [InlineData("needs --quality-reference", "--quality", "ngram", "--buckets", "3")]
    [InlineData("fewer than the 20 buckets", "--quality", "compression", "--buckets", "20")]
    public void Bad_quality_options_are_one_line_and_write_nothing(string expected, params string[] extra)
    {
        var run = CliProcess.Run(Args(extra));
        Assert.True(run.ExitCode != 0, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.Contains(expected, lines[0]);
        Assert.False(Directory.Exists(Path.Combine(_root, "shards")) && Directory.EnumerateFileSystemEntries(Path.Combine(_root, "shards")).Any(), "something was written");
    }
}

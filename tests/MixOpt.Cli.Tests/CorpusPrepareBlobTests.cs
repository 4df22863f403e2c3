using Azure.Storage.Blobs;
using MixOpt.Artifacts;
using MixOpt.Testing;
using MixOpt.Training.Shards;

namespace MixOpt.Cli.Tests;

/// <summary>
/// <c>mixopt corpus prepare --out blob://CONTAINER/PREFIX</c> (the source a re-mix campaign reads) against the test
/// Azurite: the shards land in that container under that prefix; a malformed destination is one line and nothing.
/// </summary>
public sealed class CorpusPrepareBlobTests : IDisposable
{
    private readonly DirectoryInfo _text = Directory.CreateTempSubdirectory("mixopt-cli-corpus-");
    private readonly string _container = "cli-corpus-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose()
    {
        _text.Delete(recursive: true);
        new BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(_container).DeleteIfExists();
    }

    private string Text(string domain, int bytes)
    {
        var path = Path.Combine(_text.FullName, domain + ".txt");
        File.WriteAllText(path, new string('a', bytes));
        return path;
    }

    private static Dictionary<string, string?> Blobs => new() { ["ConnectionStrings__Blobs"] = TestServices.Blobs };

    [Fact]
    public async Task Prepare_writes_the_shards_into_the_named_container_under_its_prefix()
    {
        var run = CliProcess.RunWith(Blobs, "corpus", "prepare", "--domain", $"web={Text("web", 3000)}", "--domain", $"code={Text("code", 1000)}",
            "--out", $"blob://{_container}/weekly/2026");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"blob://{_container}/weekly/2026/", run.StdOut);

        var store = BlobShardStore.AtPrefix(BlobArtifactStore.FromConnectionString(TestServices.Blobs, _container), "weekly/2026/", "test");
        Assert.Equal(["code", "web"], await store.ListDomainsAsync());
        // One document per file: its bytes plus a separator after each split.
        Assert.Equal(3000 + 2, (await ShardReader.ReadAsync(store, "web")).Manifest.TokenCount);
        Assert.Equal(1000 + 2, (await ShardReader.ReadManifestAsync(store, "code")).TokenCount);
    }

    [Theory]
    [InlineData("s3://bucket/corpus", "Unknown shard location")]
    [InlineData("blob://Not_A_Container", "container name")]
    [InlineData("blob://corpora/../up", "prefix")]
    public void A_malformed_destination_is_one_line_and_writes_nothing(string destination, string reason)
    {
        var run = CliProcess.RunWith(Blobs, "corpus", "prepare", "--domain", $"web={Text("web", 100)}", "--out", destination);
        Assert.True(run.ExitCode != 0, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.Contains("--out", lines[0]);
        Assert.Contains(reason, lines[0]);
        Assert.False(Directory.Exists(destination), "nothing is written as a local folder either");
    }
}

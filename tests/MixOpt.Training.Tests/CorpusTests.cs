using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Tests;

public class CorpusTests
{
    [Fact]
    public async Task Folders_of_text_become_one_shard_set_per_domain()
    {
        var source = Path.Combine(Path.GetTempPath(), "mixopt-text-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "hello world, this is the first document.");
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "b.txt"), "and a second one, in a sub-folder.");
        await File.WriteAllBytesAsync(Path.Combine(source, "binary.bin"), [1, 0, 2, 0]);
        using var temp = new TempShards();
        try
        {
            var progress = new List<CorpusProgress>();
            var manifest = await new CorpusPreparer(new ByteTokenizer(), temp.Store)
                .PrepareAsync(new CorpusSource("notes", [source]), new SyncProgress<CorpusProgress>(progress.Add));

            Assert.Equal(2, manifest.Documents); // the binary file is skipped
            var text = "hello world, this is the first document." + "and a second one, in a sub-folder.";
            Assert.Equal(text.Length + 2 * 2, manifest.TokenCount); // two separators per document (train + validation)
            Assert.Equal(progress[^1].BytesTotal, progress[^1].BytesRead);
            Assert.Equal(text.Length, progress[^1].BytesTotal - 4); // the binary file's 4 bytes count toward the total read plan
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task The_demo_corpus_builds_capped_domains_from_text_on_this_machine()
    {
        using var temp = new TempShards();
        var manifests = await DemoCorpus.PrepareAsync(temp.Store, bytesPerDomain: 8 * 1024);

        Assert.True(manifests.Count >= 3, $"only {manifests.Count} demo domains on this machine");
        Assert.Contains(manifests, m => m.Domain == "legal");
        Assert.All(manifests, m => Assert.InRange(m.TokenCount, 1024, 8 * 1024 + 2 * m.Documents));
        foreach (var m in manifests)
        {
            var shard = await ShardReader.ReadAsync(temp.Store, m.Domain);
            Assert.True(shard.Validation.Length > 0);
        }
    }

    [Fact]
    public async Task Blob_store_round_trips_shards()
    {
        var blobs = new MemoryArtifactStore();
        var store = new BlobShardStore(blobs, "demo");
        var tokenizer = new ByteTokenizer();
        using (var writer = new ShardWriter("web", tokenizer))
        {
            writer.AddDocument(tokenizer.Encode("some text stored in blob storage"));
            await writer.CommitAsync(store);
        }
        Assert.Contains("corpora/demo/web/manifest.json", blobs.Blobs.Keys);
        Assert.Equal(["web"], await store.ListDomainsAsync());
        var shard = await ShardReader.ReadAsync(store, "web");
        Assert.Equal("some text stored in blob storage".Length, shard.Train.Count(t => t != 0) + shard.Validation.Count(t => t != 0));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, on the calling thread.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

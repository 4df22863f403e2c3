using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Tests;

/// <summary>A temporary local shard store with small, patterned text domains (each domain its own pattern).</summary>
public sealed class TempShards : IDisposable
{
    public TempShards() => Store = new LocalShardStore(Path.Combine(Path.GetTempPath(), "mixopt-shards-" + Guid.NewGuid().ToString("N")));

    public LocalShardStore Store { get; }

    /// <summary>Writes <paramref name="documents"/> documents of a domain-specific pattern with the byte tokenizer.</summary>
    public async Task<ShardManifest> AddPatternDomainAsync(string domain, string alphabet, int documents = 8, int length = 2000, int seed = 1)
    {
        var random = new Random(seed);
        var tokenizer = new ByteTokenizer();
        using var writer = new ShardWriter(domain, tokenizer);
        for (var d = 0; d < documents; d++)
        {
            // Repeated words from the domain's alphabet: learnable structure, different per domain.
            var text = new System.Text.StringBuilder();
            while (text.Length < length)
            {
                var word = random.Next(2, 6);
                for (var i = 0; i < word; i++) text.Append(alphabet[(i + random.Next(2)) % alphabet.Length]);
                text.Append(' ');
            }
            writer.AddDocument(tokenizer.Encode(text.ToString()));
        }
        return await writer.CommitAsync(Store);
    }

    public async Task<ShardManifest> AddEmptyDomainAsync(string domain)
    {
        using var writer = new ShardWriter(domain, new ByteTokenizer());
        return await writer.CommitAsync(Store);
    }

    public string PathOf(string domain, string file) => Path.Combine(Store.Root, domain, file);

    public void Dispose()
    {
        if (Directory.Exists(Store.Root)) Directory.Delete(Store.Root, recursive: true);
    }
}

using System.Text.Json;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Tests;

public class ShardFormatTests
{
    [Fact]
    public async Task Tokens_round_trip_through_the_store_with_their_manifest()
    {
        using var temp = new TempShards();
        var tokenizer = new ByteTokenizer();
        var documents = new[] { "The quick brown fox jumps over the lazy dog.", "Pack my box with five dozen liquor jugs!" };
        using (var writer = new ShardWriter("english", tokenizer, validationFraction: 0.25))
        {
            foreach (var d in documents) writer.AddDocument(tokenizer.Encode(d));
            await writer.CommitAsync(temp.Store);
        }

        var shard = await ShardReader.ReadAsync(temp.Store, "english");

        Assert.Equal("byte", shard.Manifest.Tokenizer);
        Assert.Equal(256, shard.Manifest.VocabSize);
        Assert.Equal(2, shard.Manifest.BytesPerToken);
        Assert.Equal(documents.Length, shard.Manifest.Documents);
        Assert.Equal(shard.Train.Length + shard.Validation.Length, shard.Manifest.TokenCount);
        Assert.Equal(2 * shard.Train.Length, new FileInfo(temp.PathOf("english", "train.bin")).Length);
        // Each document's head is in train and its tail in validation, each followed by the separator.
        var trainText = string.Concat(shard.Train.Select(t => t == 0 ? "|" : ((char)t).ToString()));
        var validationText = string.Concat(shard.Validation.Select(t => t == 0 ? "|" : ((char)t).ToString()));
        for (var i = 0; i < documents.Length; i++)
        {
            var parts = trainText.Split('|')[i] + validationText.Split('|')[i];
            Assert.Equal(documents[i], parts);
        }
        Assert.Equal(["english"], await temp.Store.ListDomainsAsync());
    }

    [Fact]
    public async Task Wide_vocabularies_are_stored_as_uint32()
    {
        using var temp = new TempShards();
        var tokenizer = new Cl100kTokenizer();
        Assert.True(tokenizer.VocabSize > 65536);
        using (var writer = new ShardWriter("code", tokenizer))
        {
            writer.AddDocument(tokenizer.Encode("public static void Main(string[] args) { Console.WriteLine(\"hello\"); }"));
            await writer.CommitAsync(temp.Store);
        }
        var shard = await ShardReader.ReadAsync(temp.Store, "code");
        Assert.Equal(4, shard.Manifest.BytesPerToken);
        Assert.Contains(tokenizer.SeparatorToken, shard.Train);
        Assert.True(shard.Train.Max() > 255);
    }

    [Fact]
    public async Task A_flipped_byte_fails_the_checksum()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("web", "abcdef");
        var path = temp.PathOf("web", "train.bin");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[10] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var e = await Assert.ThrowsAsync<ShardException>(() => ShardReader.ReadAsync(temp.Store, "web"));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("'web'", e.Message);
    }

    [Fact]
    public async Task A_truncated_shard_is_refused()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("web", "abcdef");
        var path = temp.PathOf("web", "validation.bin");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^2]);

        var e = await Assert.ThrowsAsync<ShardException>(() => ShardReader.ReadAsync(temp.Store, "web"));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public async Task A_missing_domain_or_file_is_named()
    {
        using var temp = new TempShards();
        var missing = await Assert.ThrowsAsync<ShardException>(() => ShardReader.ReadAsync(temp.Store, "books"));
        Assert.Contains("'books'", missing.Message);
        Assert.Contains("manifest.json is missing", missing.Message);

        await temp.AddPatternDomainAsync("web", "abcdef");
        File.Delete(temp.PathOf("web", "train.bin"));
        var file = await Assert.ThrowsAsync<ShardException>(() => ShardReader.ReadAsync(temp.Store, "web"));
        Assert.Contains("train.bin", file.Message);
    }

    [Fact]
    public async Task A_corrupt_manifest_is_refused()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("web", "abcdef");
        await File.WriteAllTextAsync(temp.PathOf("web", "manifest.json"), "{ not json");
        var e = await Assert.ThrowsAsync<ShardException>(() => ShardReader.ReadAsync(temp.Store, "web"));
        Assert.Contains("not valid JSON", e.Message);

        var manifest = new ShardManifest { Domain = "web", Tokenizer = "byte", VocabSize = 256, BytesPerToken = 3 };
        await File.WriteAllTextAsync(temp.PathOf("web", "manifest.json"), JsonSerializer.Serialize(manifest, ShardManifest.Json));
        var width = await Assert.ThrowsAsync<ShardException>(() => ShardReader.ReadAsync(temp.Store, "web"));
        Assert.Contains("bytes per token", width.Message);
    }
}

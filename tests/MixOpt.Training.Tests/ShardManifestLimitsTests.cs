using MixOpt.Training.Shards;

namespace MixOpt.Training.Tests;

/// <summary>
/// The manifest reader (shared by the trainer and the re-mix campaign) refuses what is not a manifest before it costs
/// memory or reaches a caller; a blob store under a prefix lists only the domains directly beneath it.
/// </summary>
public sealed class ShardManifestLimitsTests
{
    private static string Manifest(string domain = "web", string tokens = "900", string extra = "") =>
        $$"""{"format":"mixopt-shards/1","domain":"{{domain}}","tokenizer":"byte","vocabSize":257,"bytesPerToken":2,"separatorToken":256,"documents":1,"validationFraction":0.1,"train":{"file":"train.bin","tokens":{{tokens}},"sha256":""},"validation":{"file":"validation.bin","tokens":100,"sha256":""}{{extra}}}""";

    private static async Task<ShardManifest> ReadAsync(string json)
    {
        var blobs = new MemoryArtifactStore();
        blobs.Blobs["c/web/manifest.json"] = BinaryData.FromString(json);
        return await ShardReader.ReadManifestAsync(BlobShardStore.AtPrefix(blobs, "c/", "blob://test/c/"), "web");
    }

    [Fact]
    public async Task A_well_formed_manifest_reads()
    {
        var manifest = await ReadAsync(Manifest());
        Assert.Equal(1000, manifest.TokenCount);
        Assert.Equal("web", manifest.Domain);
    }

    [Theory]
    [InlineData("huge", "larger than")]
    [InlineData("deep", "depth")]
    [InlineData("nul", "control characters")]
    [InlineData("infinite", "not valid JSON")]
    [InlineData("nan", "not valid JSON")]
    [InlineData("negative", ">= 0")]
    [InlineData("overflow", "64-bit")]
    [InlineData("no split", "train or validation")]
    public async Task A_hostile_manifest_is_refused_with_a_reason(string kind, string reason)
    {
        var json = kind switch
        {
            "huge" => Manifest(extra: $",\"padding\":\"{new string('x', ShardReader.MaxManifestBytes)}\""),
            "deep" => Manifest(extra: ",\"nested\":" + new string('[', 100) + new string(']', 100)),
            "nul" => Manifest(domain: "w\\u0000eb"),
            "infinite" => Manifest(tokens: "1e400"),
            "nan" => Manifest(tokens: "\"NaN\""),
            "negative" => Manifest(tokens: "-1"),
            "overflow" => Manifest(tokens: long.MaxValue.ToString()),
            _ => Manifest().Replace("\"train\":{\"file\":\"train.bin\",\"tokens\":900,\"sha256\":\"\"}", "\"train\":null"),
        };
        var e = await Assert.ThrowsAsync<ShardException>(() => ReadAsync(json));
        Assert.Contains(reason, e.Message);
        Assert.Contains("web", e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Fact]
    public async Task A_prefix_store_lists_the_domains_directly_under_it()
    {
        var blobs = new MemoryArtifactStore();
        foreach (var name in new[] { "weekly/web/manifest.json", "weekly/code/manifest.json", "weekly/old/code/manifest.json", "weekly/manifest.json", "other/books/manifest.json" })
            blobs.Blobs[name] = BinaryData.FromString("{}");
        Assert.Equal(["code", "web"], await BlobShardStore.AtPrefix(blobs, "weekly/", "blob://c/weekly/").ListDomainsAsync());
        Assert.Equal(["weekly"], await BlobShardStore.AtPrefix(blobs, "", "blob://c").ListDomainsAsync());
        Assert.Throws<ArgumentException>(() => BlobShardStore.AtPrefix(blobs, "weekly", "blob://c/weekly"));
    }
}

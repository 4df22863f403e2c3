using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace MixOpt.Training.Shards;

/// <summary>Reads a domain's shards from a store and checks them against the manifest (format, size, SHA-256, vocabulary).</summary>
public static class ShardReader
{
    public static async Task<ShardManifest> ReadManifestAsync(IShardStore store, string domain, CancellationToken ct = default)
    {
        await using var stream = await store.OpenFileAsync(domain, ShardManifest.FileName, ct)
            ?? throw new ShardException($"Domain '{domain}' has no shards at {store.Location} ({ShardManifest.FileName} is missing); run `mixopt corpus prepare` first.");
        ShardManifest? manifest;
        try
        {
            manifest = await JsonSerializer.DeserializeAsync<ShardManifest>(stream, ShardManifest.Json, ct);
        }
        catch (JsonException e)
        {
            throw new ShardException($"Domain '{domain}': {ShardManifest.FileName} at {store.Location} is not valid JSON ({e.Message}).");
        }
        if (manifest is null || manifest.Format != ShardManifest.CurrentFormat)
            throw new ShardException($"Domain '{domain}': manifest format '{manifest?.Format}' is not '{ShardManifest.CurrentFormat}'.");
        if (manifest.BytesPerToken is not (2 or 4))
            throw new ShardException($"Domain '{domain}': {manifest.BytesPerToken} bytes per token; the format allows 2 (uint16) or 4 (uint32).");
        if (manifest.VocabSize <= 0 || (manifest.BytesPerToken == 2 && manifest.VocabSize > 65536))
            throw new ShardException($"Domain '{domain}': vocabulary size {manifest.VocabSize} does not fit {manifest.BytesPerToken}-byte tokens.");
        return manifest;
    }

    public static async Task<DomainShard> ReadAsync(IShardStore store, string domain, CancellationToken ct = default)
    {
        var manifest = await ReadManifestAsync(store, domain, ct);
        var train = await ReadSplitAsync(store, domain, manifest, manifest.Train, "train", ct);
        var validation = await ReadSplitAsync(store, domain, manifest, manifest.Validation, "validation", ct);
        return new DomainShard(manifest, train, validation);
    }

    private static async Task<int[]> ReadSplitAsync(IShardStore store, string domain, ShardManifest manifest, ShardSplit split, string name, CancellationToken ct)
    {
        await using var stream = await store.OpenFileAsync(domain, split.File, ct)
            ?? throw new ShardException($"Domain '{domain}': the {name} shard '{split.File}' is missing at {store.Location}.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.Length != split.Tokens * manifest.BytesPerToken)
            throw new ShardException($"Domain '{domain}': the {name} shard has {bytes.Length} bytes, the manifest says {split.Tokens} tokens x {manifest.BytesPerToken} bytes (truncated or corrupt).");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, split.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ShardException($"Domain '{domain}': the {name} shard's SHA-256 is {sha}, the manifest says {split.Sha256} (corrupt shard).");
        var tokens = new int[split.Tokens];
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = manifest.BytesPerToken == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..])
                : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
            if ((uint)t >= (uint)manifest.VocabSize)
                throw new ShardException($"Domain '{domain}': token {t} at position {i} of the {name} shard is outside the vocabulary ({manifest.VocabSize}).");
            tokens[i] = t;
        }
        return tokens;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace MixOpt.Training.Shards;

/// <summary>Reads a domain's shards from a store and checks them against the manifest (format, size, SHA-256, vocabulary).</summary>
public static class ShardReader
{
    /// <summary>A manifest is a few hundred bytes; anything far larger is not one and is not read into memory whole.</summary>
    public const int MaxManifestBytes = 1 << 20;

    // A manifest nests two levels; a deeper document is refused before it costs anything.
    private static readonly JsonSerializerOptions ManifestReadJson = new(ShardManifest.Json) { MaxDepth = 8 };

    public static async Task<ShardManifest> ReadManifestAsync(IShardStore store, string domain, CancellationToken ct = default)
    {
        byte[] json;
        await using (var stream = await store.OpenFileAsync(domain, ShardManifest.FileName, ct)
            ?? throw new ShardException($"Domain '{domain}' has no shards at {store.Location} ({ShardManifest.FileName} is missing); run `mixopt corpus prepare` first."))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxManifestBytes)
                    throw new ShardException($"Domain '{domain}': {ShardManifest.FileName} at {store.Location} is larger than {MaxManifestBytes} bytes; it is not a shard manifest.");
                buffer.Write(chunk, 0, read);
            }
            json = buffer.ToArray();
        }
        ShardManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ShardManifest>(json, ManifestReadJson);
        }
        catch (JsonException e)
        {
            throw new ShardException($"Domain '{domain}': {ShardManifest.FileName} at {store.Location} is not valid JSON ({e.Message}).");
        }
        if (manifest is null || manifest.Format != ShardManifest.CurrentFormat)
            throw new ShardException($"Domain '{domain}': manifest format '{Printable(manifest?.Format)}' is not '{ShardManifest.CurrentFormat}'.");
        if (manifest.BytesPerToken is not (2 or 4))
            throw new ShardException($"Domain '{domain}': {manifest.BytesPerToken} bytes per token; the format allows 2 (uint16) or 4 (uint32).");
        if (manifest.VocabSize <= 0 || (manifest.BytesPerToken == 2 && manifest.VocabSize > 65536))
            throw new ShardException($"Domain '{domain}': vocabulary size {manifest.VocabSize} does not fit {manifest.BytesPerToken}-byte tokens.");
        if (!double.IsFinite(manifest.ValidationFraction))
            throw new ShardException($"Domain '{domain}': the validation fraction is not a finite number.");
        if (manifest.Train is null || manifest.Validation is null)
            throw new ShardException($"Domain '{domain}': the manifest lacks its train or validation split.");
        if (manifest.Train.Tokens < 0 || manifest.Validation.Tokens < 0 || manifest.Train.Tokens > long.MaxValue - manifest.Validation.Tokens)
            throw new ShardException($"Domain '{domain}': token counts {manifest.Train.Tokens} (train) and {manifest.Validation.Tokens} (validation) must be >= 0 and add up to a 64-bit count.");
        string?[] texts = [manifest.Domain, manifest.Tokenizer, manifest.Train.File, manifest.Train.Sha256, manifest.Validation.File, manifest.Validation.Sha256];
        if (texts.Any(t => t is null || t.Any(char.IsControl)))
            throw new ShardException($"Domain '{domain}': the manifest has a missing text or one with control characters (NUL, line breaks).");
        return manifest;
    }

    /// <summary>Text from a manifest as it may appear in a message: no control characters, at most 64 of them.</summary>
    private static string Printable(string? text) =>
        text is null ? "" : new string([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

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

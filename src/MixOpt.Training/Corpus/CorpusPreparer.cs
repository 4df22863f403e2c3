using System.IO.Compression;
using System.Text;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Corpus;

/// <summary>Tokenizes folders of text into one shard set per domain (see <see cref="ShardManifest"/>).</summary>
public sealed class CorpusPreparer(ITextTokenizer tokenizer, IShardStore store, double validationFraction = 0.1)
{
    /// <summary>Files whose first bytes contain NUL are binary and skipped.</summary>
    private const int SniffBytes = 4096;

    public async Task<ShardManifest> PrepareAsync(CorpusSource source, IProgress<CorpusProgress>? progress = null, CancellationToken ct = default)
    {
        var files = ListFiles(source);
        var total = files.Sum(f => f.Length);
        if (source.MaxBytes is { } cap) total = Math.Min(total, cap);
        using var writer = new ShardWriter(source.Domain, tokenizer, validationFraction);
        long read = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            if (read >= total) break;
            var text = await ReadTextAsync(file, ct);
            if (text is null) continue;
            var budget = total - read;
            // Cap by bytes of text; cut on a character boundary so the tokenizer sees valid text.
            if (Encoding.UTF8.GetByteCount(text) > budget) text = TrimToBytes(text, budget);
            read += Encoding.UTF8.GetByteCount(text);
            writer.AddDocument(tokenizer.Encode(text));
            progress?.Report(new CorpusProgress(source.Domain, read, total, writer.Tokens));
        }
        if (writer.Tokens == 0)
            throw new ArgumentException($"Domain '{source.Domain}' has no text in {string.Join(", ", source.Paths)}.");
        var manifest = await writer.CommitAsync(store, ct);
        progress?.Report(new CorpusProgress(source.Domain, total, total, manifest.TokenCount));
        return manifest;
    }

    internal static List<FileInfo> ListFiles(CorpusSource source)
    {
        var files = new List<FileInfo>();
        foreach (var path in source.Paths)
        {
            if (File.Exists(path)) files.Add(new FileInfo(path));
            else if (Directory.Exists(path))
                files.AddRange(new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
                    .Where(f => source.Extensions is null || source.Extensions.Any(e => f.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase))));
            else throw new ArgumentException($"Domain '{source.Domain}': {path} is neither a file nor a folder.");
        }
        files.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return files;
    }

    /// <summary>The file's text (gzip-compressed files, such as man pages, are decompressed), or null when it is binary.</summary>
    internal static async Task<string?> ReadTextAsync(FileInfo file, CancellationToken ct)
    {
        await using var raw = file.OpenRead();
        await using Stream input = file.Extension == ".gz" ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes[..Math.Min(bytes.Length, SniffBytes)].Contains((byte)0)) return null;
        return Encoding.UTF8.GetString(bytes);
    }

    internal static string TrimToBytes(string text, long bytes)
    {
        var length = (int)Math.Min(text.Length, bytes);
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > bytes) length--;
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length];
    }
}

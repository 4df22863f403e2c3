using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Corpus;

/// <summary>
/// A real corpus that needs no download: domains built from text every Debian machine with the .NET SDK already
/// has. Each domain is capped (default 256 KiB of text) so the whole corpus prepares in seconds.
/// Domains whose source is absent on this machine are left out.
/// </summary>
public static class DemoCorpus
{
    public const long DefaultBytesPerDomain = 256 * 1024;

    /// <summary>The candidate domains: name, where its text is, which files.</summary>
    public static IReadOnlyList<CorpusSource> Candidates(long bytesPerDomain = DefaultBytesPerDomain) =>
    [
        new("legal", ["/usr/share/common-licenses"], null, bytesPerDomain),
        new("c-headers", ["/usr/include"], [".h"], bytesPerDomain),
        new("python", [PythonStdlib()], [".py"], bytesPerDomain),
        new("man-pages", ["/usr/share/man/man1"], [".1.gz"], bytesPerDomain),
        new("dotnet-docs", [DotnetReferenceDocs()], [".xml"], bytesPerDomain),
    ];

    /// <summary>The candidate domains whose source exists here.</summary>
    public static IReadOnlyList<CorpusSource> Available(long bytesPerDomain = DefaultBytesPerDomain) =>
        Candidates(bytesPerDomain).Where(s => s.Paths.All(p => p.Length > 0 && (Directory.Exists(p) || File.Exists(p)))).ToArray();

    /// <summary>Prepares every available demo domain into <paramref name="store"/> (byte tokenizer unless one is given).</summary>
    public static async Task<IReadOnlyList<ShardManifest>> PrepareAsync(IShardStore store, long bytesPerDomain = DefaultBytesPerDomain,
        ITextTokenizer? tokenizer = null, IProgress<CorpusProgress>? progress = null, CancellationToken ct = default)
    {
        var preparer = new CorpusPreparer(tokenizer ?? new ByteTokenizer(), store);
        var manifests = new List<ShardManifest>();
        foreach (var source in Available(bytesPerDomain))
            manifests.Add(await preparer.PrepareAsync(source, progress, ct));
        return manifests;
    }

    private static string PythonStdlib() =>
        Directory.Exists("/usr/lib") ? Directory.GetDirectories("/usr/lib", "python3.*").Order(StringComparer.Ordinal).FirstOrDefault() ?? "" : "";

    /// <summary>The reference assemblies' XML API docs of the newest Microsoft.NETCore.App.Ref pack.</summary>
    private static string DotnetReferenceDocs()
    {
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } r ? r : Path.GetDirectoryName(Environment.ProcessPath) ?? "";
        foreach (var candidate in new[] { root, "/usr/share/dotnet", "/usr/lib/dotnet" })
        {
            var packs = Path.Combine(candidate, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(packs)) continue;
            var newest = Directory.GetDirectories(packs).MaxBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version());
            if (newest is null) continue;
            var reference = Directory.GetDirectories(Path.Combine(newest, "ref")).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault();
            if (reference is not null) return reference;
        }
        return "";
    }
}

namespace MixOpt.Training.Shards;

/// <summary>Shards in a local folder: <c>ROOT/&lt;domain&gt;/manifest.json</c>, <c>train.bin</c>, <c>validation.bin</c>.</summary>
public sealed class LocalShardStore(string root) : IShardStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Location => Root;

    public async Task WriteFileAsync(string domain, string file, Stream content, CancellationToken ct = default)
    {
        var path = PathOf(domain, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var output = File.Create(path);
        await content.CopyToAsync(output, ct);
    }

    public Task<Stream?> OpenFileAsync(string domain, string file, CancellationToken ct = default)
    {
        var path = PathOf(domain, file);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken ct = default)
    {
        IReadOnlyList<string> domains = Directory.Exists(Root)
            // Sub-domains (quality buckets) are nested folders: code/q1/manifest.json.
            ? Directory.EnumerateFiles(Root, ShardManifest.FileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 8, AttributesToSkip = FileAttributes.ReparsePoint })
                .Select(f => Path.GetRelativePath(Root, Path.GetDirectoryName(f)!).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(d => d != ".").Order(StringComparer.Ordinal).ToArray()
            : [];
        return Task.FromResult(domains);
    }

    private string PathOf(string domain, string file) => Path.Combine(Root, DomainName.Validate(domain), file);
}

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
            ? Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, ShardManifest.FileName)))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];
        return Task.FromResult(domains);
    }

    private string PathOf(string domain, string file) => Path.Combine(Root, DomainName.Validate(domain), file);
}

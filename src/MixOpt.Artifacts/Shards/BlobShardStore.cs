using MixOpt.Artifacts;

namespace MixOpt.Training.Shards;

/// <summary>
/// Shards in Azure Blob Storage (Azurite locally): under <c>corpora/&lt;corpus&gt;/&lt;domain&gt;/</c> of the artifact
/// store, or under any prefix of another container (<see cref="AtPrefix"/>).
/// </summary>
public sealed class BlobShardStore : IShardStore
{
    private readonly IArtifactStore _artifacts;
    private readonly string _prefix;

    /// <summary>Corpus <paramref name="corpus"/> of the artifact store (what <c>mixopt corpus prepare --out blob:NAME</c> writes).</summary>
    public BlobShardStore(IArtifactStore artifacts, string corpus)
        : this(artifacts, $"corpora/{DomainName.Validate(corpus)}/", null) { }

    private BlobShardStore(IArtifactStore artifacts, string prefix, string? location)
    {
        _artifacts = artifacts;
        _prefix = prefix;
        Location = location ?? "blob:" + prefix;
    }

    /// <summary>
    /// Shards under <paramref name="prefix"/> ("" for the root, else ending with '/') of <paramref name="container"/>:
    /// <c>PREFIX&lt;domain&gt;/manifest.json</c>. <paramref name="location"/> names the place in messages.
    /// </summary>
    public static BlobShardStore AtPrefix(IArtifactStore container, string prefix, string location) =>
        prefix.Length == 0 || prefix.EndsWith('/') ? new BlobShardStore(container, prefix, location)
            : throw new ArgumentException($"A blob prefix is empty or ends with '/', got '{prefix}'.", nameof(prefix));

    public string Location { get; }

    public async Task WriteFileAsync(string domain, string file, Stream content, CancellationToken ct = default) =>
        await _artifacts.PutAsync(PathOf(domain, file), await BinaryData.FromStreamAsync(content, ct), ContentType(file), ct);

    public async Task<Stream?> OpenFileAsync(string domain, string file, CancellationToken ct = default) =>
        (await _artifacts.GetAsync(PathOf(domain, file), ct))?.ToStream();

    /// <summary>The domains with a manifest directly under the prefix (deeper folders are not domains, as in a local folder).</summary>
    public async Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken ct = default) =>
        (await _artifacts.ListAsync(_prefix, ct))
            // PREFIX<domain>/manifest.json with a non-empty domain; a manifest at the prefix itself is no domain's.
            .Where(name => name.Length > _prefix.Length + ShardManifest.FileName.Length + 1 && name.EndsWith("/" + ShardManifest.FileName, StringComparison.Ordinal))
            .Select(name => name[_prefix.Length..^(ShardManifest.FileName.Length + 1)])
            .Where(domain => !domain.Contains('/'))
            .Order(StringComparer.Ordinal).ToArray();

    private string PathOf(string domain, string file) => _prefix + DomainName.Validate(domain) + "/" + file;

    private static string ContentType(string file) => file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
}

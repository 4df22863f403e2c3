using MixOpt.Artifacts;

namespace MixOpt.Training.Shards;

/// <summary>
/// Shards in Azure Blob Storage (Azurite locally) under <c>corpora/&lt;corpus&gt;/&lt;domain&gt;/</c> of the artifact store.
/// </summary>
public sealed class BlobShardStore(IArtifactStore artifacts, string corpus) : IShardStore
{
    private readonly string _prefix = $"corpora/{DomainName.Validate(corpus)}/";

    public string Location => "blob:" + _prefix;

    public async Task WriteFileAsync(string domain, string file, Stream content, CancellationToken ct = default) =>
        await artifacts.PutAsync(PathOf(domain, file), await BinaryData.FromStreamAsync(content, ct), ContentType(file), ct);

    public async Task<Stream?> OpenFileAsync(string domain, string file, CancellationToken ct = default) =>
        (await artifacts.GetAsync(PathOf(domain, file), ct))?.ToStream();

    public async Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken ct = default) =>
        (await artifacts.ListAsync(_prefix, ct))
            .Where(name => name.EndsWith("/" + ShardManifest.FileName, StringComparison.Ordinal))
            .Select(name => name[_prefix.Length..^(ShardManifest.FileName.Length + 1)])
            .Order(StringComparer.Ordinal).ToArray();

    private string PathOf(string domain, string file) => _prefix + DomainName.Validate(domain) + "/" + file;

    private static string ContentType(string file) => file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
}

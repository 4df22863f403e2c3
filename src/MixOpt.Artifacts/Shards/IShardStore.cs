namespace MixOpt.Training.Shards;

/// <summary>
/// Where a corpus's shards live: a local folder or a blob container prefix. A store holds one folder per domain
/// (see <see cref="ShardManifest"/> for the files); it moves bytes only, the format is read by <see cref="ShardReader"/>.
/// </summary>
public interface IShardStore
{
    /// <summary>Human-readable location for messages ("/data/corpus", "blob:corpora/demo/").</summary>
    string Location { get; }

    Task WriteFileAsync(string domain, string file, Stream content, CancellationToken ct = default);

    /// <summary>Opens a domain's file for reading, or returns null when it does not exist.</summary>
    Task<Stream?> OpenFileAsync(string domain, string file, CancellationToken ct = default);

    /// <summary>The domains that have a manifest.</summary>
    Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken ct = default);
}

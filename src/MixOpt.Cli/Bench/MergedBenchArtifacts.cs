using System.Collections.Concurrent;
using MixOpt.Artifacts;

namespace MixOpt.Cli.Bench;

/// <summary>An artifact store in memory for <c>bench merged</c>: the per-domain models live as long as the benchmark.</summary>
public sealed class MergedBenchArtifacts : IArtifactStore
{
    private readonly ConcurrentDictionary<string, BinaryData> _blobs = new();

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<Uri> PutAsync(string path, BinaryData content, string contentType, CancellationToken ct = default)
    {
        _blobs[path] = content;
        return Task.FromResult(new Uri("memory:///" + path));
    }

    public Task<BinaryData?> GetAsync(string path, CancellationToken ct = default) => Task.FromResult(_blobs.TryGetValue(path, out var b) ? b : null);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>(_blobs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
}

using System.Collections.Concurrent;
using MixOpt.Artifacts;

namespace MixOpt.Training.Tests;

/// <summary>An artifact store in a dictionary, to test blob-backed code without Azurite.</summary>
public sealed class MemoryArtifactStore : IArtifactStore
{
    public ConcurrentDictionary<string, BinaryData> Blobs { get; } = new();

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<Uri> PutAsync(string path, BinaryData content, string contentType, CancellationToken ct = default)
    {
        Blobs[path] = content;
        return Task.FromResult(new Uri("memory:///" + path));
    }

    public Task<BinaryData?> GetAsync(string path, CancellationToken ct = default) => Task.FromResult(Blobs.TryGetValue(path, out var b) ? b : null);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>(Blobs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
}

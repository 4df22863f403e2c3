namespace MixOpt.Artifacts;

/// <summary>Where run artifacts (results, loss curves, checkpoints, reports) live: Azure Blob Storage, Azurite locally.</summary>
public interface IArtifactStore
{
    /// <summary>Creates the container if needed; call once at start-up.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>Writes (or overwrites) an artifact and returns its URI.</summary>
    Task<Uri> PutAsync(string path, BinaryData content, string contentType, CancellationToken ct = default);

    /// <summary>Reads an artifact, or null when there is none at <paramref name="path"/>.</summary>
    Task<BinaryData?> GetAsync(string path, CancellationToken ct = default);

    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Deletes every artifact under <paramref name="prefix"/> (a deleted study's) and returns how many there were.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken ct = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot delete artifacts.");
}

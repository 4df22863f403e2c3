using Azure.Storage.Blobs;

namespace MixOpt.Artifacts;

/// <summary>
/// The containers of the configured Blob Storage account (<c>ConnectionStrings:Blobs</c>) besides the artifact one: a
/// re-mix campaign may read a corpus from any of them. The client is made on first use, so a host without blob storage
/// starts and only the read that needs it fails, with a message.
/// </summary>
public sealed class BlobContainers(string? connectionString)
{
    private readonly Lazy<BlobServiceClient> _service = new(() => string.IsNullOrWhiteSpace(connectionString)
        ? throw new InvalidOperationException("No blob storage connection string: set ConnectionStrings:Blobs (env ConnectionStrings__Blobs).")
        : new BlobServiceClient(connectionString));

    /// <summary>The container <paramref name="name"/>, not created: reading a missing one finds it missing.</summary>
    public BlobArtifactStore Open(string name) => new(_service.Value.GetBlobContainerClient(name));
}

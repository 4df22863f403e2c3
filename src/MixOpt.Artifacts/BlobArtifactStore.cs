using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MixOpt.Artifacts;

public sealed class BlobArtifactStore(BlobContainerClient container) : IArtifactStore
{
    public const string DefaultContainer = "mixopt-artifacts";

    public static BlobArtifactStore FromConnectionString(string connectionString, string containerName = DefaultContainer)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("No blob storage connection string: set ConnectionStrings:Blobs (env ConnectionStrings__Blobs).");
        return new BlobArtifactStore(new BlobServiceClient(connectionString).GetBlobContainerClient(containerName));
    }

    public async Task InitializeAsync(CancellationToken ct = default) =>
        await container.CreateIfNotExistsAsync(cancellationToken: ct);

    /// <summary>Whether the container exists (a reader that must not create it asks first).</summary>
    public async Task<bool> ExistsAsync(CancellationToken ct = default) => (await container.ExistsAsync(ct)).Value;

    public async Task<Uri> PutAsync(string path, BinaryData content, string contentType, CancellationToken ct = default)
    {
        var blob = container.GetBlobClient(path);
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
        return blob.Uri;
    }

    public async Task<BinaryData?> GetAsync(string path, CancellationToken ct = default)
    {
        try
        {
            var result = await container.GetBlobClient(path).DownloadContentAsync(ct);
            return result.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
            names.Add(item.Name);
        return names;
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(prefix)) throw new ArgumentException("Refusing to delete the whole container: give a prefix.", nameof(prefix));
        var names = await ListAsync(prefix, ct);
        foreach (var name in names)
            await container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
        return names.Count;
    }
}

using MixOpt.Artifacts;

namespace MixOpt.Backend;

/// <summary>Configuration section <c>Artifacts</c>: where run artifacts go in the blob storage of <c>ConnectionStrings:Blobs</c>.</summary>
public sealed class ArtifactSettings
{
    public const string Section = "Artifacts";

    /// <summary>The blob container (created at start if missing).</summary>
    public string Container { get; set; } = BlobArtifactStore.DefaultContainer;
}

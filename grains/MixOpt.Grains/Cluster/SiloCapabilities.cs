using System.Globalization;

namespace MixOpt.Grains.Cluster;

/// <summary>
/// What a silo offers for training, published as Orleans silo metadata so every silo (the scheduler's, the placement
/// director's) sees it: its role, how many runs it executes at once, and its GPUs.
/// </summary>
public sealed record SiloCapabilities(string Role, int Slots, int Gpus, string? GpuKind)
{
    public const string RoleKey = "mixopt.role";
    public const string SlotsKey = "mixopt.slots";
    public const string GpusKey = "mixopt.gpus";
    public const string GpuKindKey = "mixopt.gpu-kind";

    public Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>
        {
            [RoleKey] = Role,
            [SlotsKey] = Slots.ToString(CultureInfo.InvariantCulture),
            [GpusKey] = Gpus.ToString(CultureInfo.InvariantCulture),
        };
        if (GpuKind is not null) metadata[GpuKindKey] = GpuKind;
        return metadata;
    }

    /// <summary>Null when the metadata has not arrived yet (the cache fills it shortly after a silo joins).</summary>
    public static SiloCapabilities? FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(RoleKey, out var role) || !metadata.TryGetValue(SlotsKey, out var slots)) return null;
        var gpus = metadata.TryGetValue(GpusKey, out var g) && int.TryParse(g, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new SiloCapabilities(role, int.Parse(slots, CultureInfo.InvariantCulture), gpus, metadata.GetValueOrDefault(GpuKindKey));
    }
}

using MixOpt.Grains.Cluster;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace MixOpt.Grains.Placement;

/// <summary>Prefers the local silo if it is a host or embedded silo, then any such silo, then any silo at all.</summary>
public sealed class CoordinatorPlacementDirector(ISiloMetadataCache metadata, SiloCapabilities local) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Contains(context.LocalSilo) && IsCoordinator(local.Role)) return Task.FromResult(context.LocalSilo);
        var coordinators = compatible.Where(s => IsCoordinator(SiloCapabilities.FromMetadata(metadata.GetSiloMetadata(s).Metadata)?.Role))
            .OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var pool = coordinators.Length > 0 ? coordinators : compatible;
        if (pool.Length == 0) throw new OrleansException("No compatible silo for a coordination grain.");
        // Stable per grain, so concurrent first calls from different silos agree.
        return Task.FromResult(pool[(int)(target.GrainIdentity.GetUniformHashCode() % (uint)pool.Length)]);
    }

    private static bool IsCoordinator(string? role) => role is SiloRoles.Host or SiloRoles.Embedded;
}

using Orleans.Runtime.Placement;

namespace MixOpt.Grains.Placement;

/// <summary>Activates a slot only on its own silo; if that silo is not an active member, the call fails.</summary>
public sealed class SlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        if (!WorkerSlots.TryParse(key, out var silo, out _))
            throw new OrleansException($"Worker slot '{key}' does not name a silo and slot.");
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new OrleansException($"Worker slot '{key}': its silo is not an active member of the cluster.");
        return Task.FromResult(silo);
    }
}

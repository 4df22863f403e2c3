using Orleans.Placement;

namespace MixOpt.Grains.Placement;

/// <summary>
/// Places coordination grains (scheduler, studies) on the web host when one is up, so they do not compete with
/// training for a worker's cores and do not die with a worker; on any silo otherwise.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class CoordinatorPlacementStrategy : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CoordinatorPlacementAttribute() : PlacementAttribute(new CoordinatorPlacementStrategy());

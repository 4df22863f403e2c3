using Orleans.Placement;

namespace MixOpt.Grains.Placement;

/// <summary>
/// Places a worker slot grain on the silo its key names (<see cref="WorkerSlots"/>), and nowhere else: a run
/// executes on the worker silo that advertised the slot, never on the web host or a silo without slots.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SlotPlacementStrategy : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SlotPlacementAttribute() : PlacementAttribute(new SlotPlacementStrategy());

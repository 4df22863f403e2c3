namespace MixOpt.Grains;

/// <summary>What the scheduler holds right now: queued tickets and the run each worker slot is executing.</summary>
[GenerateSerializer, Immutable]
public sealed record SchedulerSnapshot(int Queued, IReadOnlyDictionary<string, Guid?> Workers);

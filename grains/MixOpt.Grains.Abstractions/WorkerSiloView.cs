namespace MixOpt.Grains;

/// <summary>A silo as the workers page shows it: its membership status, what it offers and what each slot runs.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerSiloView(
    [property: Id(0)] string Address,
    [property: Id(1)] string Name,
    [property: Id(2)] string Status,
    [property: Id(3)] string Role,
    [property: Id(4)] int Slots,
    [property: Id(5)] int Gpus,
    [property: Id(6)] string? GpuKind,
    [property: Id(7)] IReadOnlyList<WorkerSlotView> Busy);

/// <summary>A slot executing a run.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerSlotView([property: Id(0)] string Worker, [property: Id(1)] Guid StudyId, [property: Id(2)] Guid RunId, [property: Id(3)] int Ordinal);

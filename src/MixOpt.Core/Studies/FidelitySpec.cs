namespace MixOpt.Core.Studies;

/// <summary>
/// One rung of a study's proxy ladder: <see cref="Value"/> orders rungs (larger = closer to the target scale; the
/// largest rung is the target) and <see cref="Cost"/> is what one run there costs, in the study's cost units.
/// <see cref="Name"/> is for people ("1M", "60M"); executors map it to a model shape.
/// </summary>
public sealed record FidelitySpec
{
    public string? Name { get; init; }
    public double Value { get; init; } = 1.0;
    public double Cost { get; init; } = 1.0;

    /// <summary>Tokens one run at this rung trains on; with domain token counts it turns an epoch cap into bounds.</summary>
    public long? Tokens { get; init; }
    /// <summary>The proxy shape the built-in trainer uses at this rung ("tiny", "1M", "60M"); absent: <see cref="Name"/> if it names one.</summary>
    public string? Model { get; init; }

    /// <summary><c>train</c> (absent: each run trains a proxy) or <c>merged</c> (<see cref="MergedRung"/>: runs average per-domain proxies).</summary>
    public string? Kind { get; init; }

    /// <summary>The ladder a study has when it names none: one rung, the target, at cost 1.</summary>
    public static IReadOnlyList<FidelitySpec> SingleTarget { get; } = [new FidelitySpec { Name = "target", Value = 1.0, Cost = 1.0 }];
}

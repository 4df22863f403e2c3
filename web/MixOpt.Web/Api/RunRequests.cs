namespace MixOpt.Web.Api;

/// <summary>Body of <c>POST /api/studies/{id}/runs:lease</c> (optional): who asks, and for how long it wants the run.</summary>
public sealed record LeaseRequest
{
    public string? Worker { get; init; }
    public int? LeaseSeconds { get; init; }
}

/// <summary>Body of a heartbeat: the lease to extend, optionally for how long from now.</summary>
public sealed record HeartbeatRequest
{
    public Guid? LeaseToken { get; init; }
    public int? LeaseSeconds { get; init; }
}

/// <summary>
/// Body of a result report: the lease it was made under, the metrics (by name: per-domain losses
/// <c>loss:&lt;domain&gt;</c> and whatever the objective names), what the run cost (default: its rung's cost),
/// how long it took and, optionally, its loss curve (stored as an artifact).
/// </summary>
public sealed record ResultRequest
{
    public Guid? LeaseToken { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    public double? Cost { get; init; }
    public double? Seconds { get; init; }
    public IReadOnlyList<double>? LossCurve { get; init; }
}

/// <summary>Body of a failure report: the attempt's lease and why it failed (the run is re-queued or fails for good).</summary>
public sealed record FailureRequest
{
    public Guid? LeaseToken { get; init; }
    public string? Reason { get; init; }
}

/// <summary>A run already made outside MixOpt (warm start): mixture by domain, fidelity (default: the target), metrics, cost.</summary>
public sealed record ObservedRunRequest
{
    public IReadOnlyDictionary<string, double>? Mixture { get; init; }
    public double? Fidelity { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    public double? Cost { get; init; }
    public double? Seconds { get; init; }
}

/// <summary>Body of <c>PATCH /api/studies/{id}/budget</c>: any of runs, cost, parallelism; the rest stays.</summary>
public sealed record BudgetUpdateRequest
{
    public int? Runs { get; init; }
    public double? Cost { get; init; }
    public int? Parallelism { get; init; }
}

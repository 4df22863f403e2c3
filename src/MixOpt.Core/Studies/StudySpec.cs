using System.Text.Json.Serialization;

namespace MixOpt.Core.Studies;

/// <summary>
/// Everything a study needs to run: its domains, what to optimize, the budget, the strategy and the seed.
/// It is stored whole in the ledger so a study can be resumed from it alone.
/// </summary>
public sealed record StudySpec
{
    public string Name { get; init; } = "";
    public IReadOnlyList<DomainSpec> Domains { get; init; } = [];
    public ObjectiveSpec Objective { get; init; } = new();
    public BudgetSpec Budget { get; init; } = new();
    public string Strategy { get; init; } = "random";
    public string Executor { get; init; } = ExecutorNames.Simulated;
    public int Seed { get; init; }

    /// <summary>Parameters of the simulated executor's mixing-law oracle; generated from <see cref="Seed"/> when absent.</summary>
    public SimulatorSpec? Simulator { get; init; }

    /// <summary>The proxy ladder, any order; the largest value is the target. Absent: one target rung at cost 1.</summary>
    public IReadOnlyList<FidelitySpec>? Fidelities { get; init; }

    /// <summary>Where mixtures may lie: per-domain bounds and an epoch cap. Absent: the whole simplex.</summary>
    public ConstraintsSpec? Constraints { get; init; }

    /// <summary>Tuning of the strategy (surrogate, top-k, candidates, initial design). Absent: each strategy's defaults.</summary>
    public StrategyOptions? StrategyOptions { get; init; }

    /// <summary>The target rung (largest fidelity value).</summary>
    [JsonIgnore]
    public FidelitySpec TargetFidelity => Fidelities is { Count: > 0 } f ? f.MaxBy(x => x.Value)! : FidelitySpec.SingleTarget[0];

    [JsonIgnore]
    public IReadOnlyList<string> DomainNames => Domains.Select(d => d.Name).ToArray();
}

/// <summary>A named slice of the corpus; <see cref="Tokens"/> is its size when known.</summary>
public sealed record DomainSpec
{
    public string Name { get; init; } = "";
    public long? Tokens { get; init; }
}

/// <summary>How a study's budget is spent: total runs, and how many may be in flight at once.</summary>
public sealed record BudgetSpec
{
    public int Runs { get; init; }
    public int Parallelism { get; init; } = 4;
}

public static class ExecutorNames
{
    public const string Simulated = "simulated";

    /// <summary>The built-in TorchSharp proxy trainer (MixOpt.Training) on a worker silo.</summary>
    public const string Builtin = "builtin";

    public static readonly IReadOnlyList<string> All = [Simulated, Builtin];
}

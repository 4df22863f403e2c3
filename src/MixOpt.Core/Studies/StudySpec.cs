using System.Text.Json.Serialization;

namespace MixOpt.Core.Studies;

/// <summary>
/// Everything a study needs to run: its domains, what to optimize, the budget, the strategy and the seed.
/// It is stored whole in the ledger so a study can be resumed from it alone.
/// </summary>
public sealed record StudySpec
{
    /// <summary>The strategy of a study that names none (<c>auto</c>, which picks one per study from its data).</summary>
    public const string DefaultStrategy = "auto";

    public string Name { get; init; } = "";
    public IReadOnlyList<DomainSpec> Domains { get; init; } = [];
    public ObjectiveSpec Objective { get; init; } = new();
    public BudgetSpec Budget { get; init; } = new();
    /// <summary>The strategy (a name in the strategy catalog); a study that names none gets <c>auto</c>, which chooses from its data.</summary>
    public string Strategy { get; init; } = DefaultStrategy;
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

    /// <summary>
    /// A hierarchical space (domain → quality bucket, or source → topic → bucket): groups that partition the domains,
    /// with constraints per level. Strategies still see the flat simplex. Absent: one flat level.
    /// </summary>
    public IReadOnlyList<GroupSpec>? Groups { get; init; }

    /// <summary>How buckets are weighed inside a leaf group: <c>free</c> (default) or <c>quadmix</c> (threshold and sharpness).</summary>
    public string? GroupWeights { get; init; }

    /// <summary>
    /// Several objectives, each a metric and a direction (no weights): the study keeps the Pareto front of its runs.
    /// Absent: <see cref="Objective"/> alone. When given, <see cref="Objective"/> is the first of them (the submitter
    /// sets it), so every single-objective view (best run, progress) follows the first objective.
    /// </summary>
    public IReadOnlyList<ObjectiveSpec>? Objectives { get; init; }

    /// <summary>How a multi-objective study's recommendation picks from its front: weights and/or constraints. Absent: the Pareto set.</summary>
    public TradeOffSpec? TradeOff { get; init; }

    /// <summary>The target rung (largest fidelity value).</summary>
    [JsonIgnore]
    public FidelitySpec TargetFidelity => Fidelities is { Count: > 0 } f ? f.MaxBy(x => x.Value)! : FidelitySpec.SingleTarget[0];

    [JsonIgnore]
    public IReadOnlyList<string> DomainNames => Domains.Select(d => d.Name).ToArray();

    /// <summary>
    /// The most runs the study may make: its run budget, or, when it gives only a cost budget, as many runs of the
    /// cheapest rung as that cost pays for (capped at <see cref="StudySpecValidator.MaxRuns"/>).
    /// </summary>
    [JsonIgnore]
    public int RunCap
    {
        get
        {
            if (Budget.Runs > 0 || Budget.Cost is not { } cost) return Budget.Runs;
            var cheapest = (Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget).Min(x => x.Cost);
            return (int)Math.Min(StudySpecValidator.MaxRuns, Math.Max(1, Math.Floor(cost / cheapest)));
        }
    }

    /// <summary>True for studies whose runs are leased by external trainers over REST instead of worker silos.</summary>
    [JsonIgnore]
    public bool IsExternal => Executor == ExecutorNames.External;
}

/// <summary>A named slice of the corpus; <see cref="Tokens"/> is its size when known.</summary>
public sealed record DomainSpec
{
    public string Name { get; init; } = "";
    public long? Tokens { get; init; }
}

/// <summary>
/// How a study's budget is spent: total runs and/or total cost (in the fidelity ladder's cost units), and how many
/// runs may be in flight at once. With both, the study stops at whichever runs out first; 0 runs means "no run cap".
/// </summary>
public sealed record BudgetSpec
{
    public int Runs { get; init; }
    public double? Cost { get; init; }
    public int Parallelism { get; init; } = 4;
}

public static class ExecutorNames
{
    public const string Simulated = "simulated";

    /// <summary>The built-in TorchSharp proxy trainer (MixOpt.Training) on a worker silo.</summary>
    public const string Builtin = "builtin";

    /// <summary>The user's own trainer: it leases runs and reports results over the REST API (ask/tell).</summary>
    public const string External = "external";

    public static readonly IReadOnlyList<string> All = [Simulated, Builtin, External];
}

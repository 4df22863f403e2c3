using System.Text.RegularExpressions;
using MixOpt.Core.Text;

namespace MixOpt.Core.Studies;

/// <summary>
/// Checks a submitted study before anything is written. Errors are keyed by the JSON path of the offending
/// field, so they map directly onto a validation problem response.
/// </summary>
public static partial class StudySpecValidator
{
    public const int MaxRuns = 100_000;
    public const int MaxDomains = 256;
    public const int MaxNameLength = 200;
    public const int MaxRungNameLength = 64;

    /// <summary>The largest objective weight (in magnitude): beyond it Σ weight · metric overflows for ordinary losses.</summary>
    public const double MaxWeight = 1e6;

    /// <summary>The largest loss or objective the simulator may produce: far below double's range, so noise and sums stay finite.</summary>
    public const double MaxSimulatedValue = 1e100;

    /// <summary>The most candidate proportions one proposal round may hold (the default 1,000,000 candidates × 256 domains).</summary>
    public const long MaxCandidateValues = 1L << 28;

    // \z, not $: .NET's $ also matches before a final newline, which let "web\n" in beside "web".
    // Segments joined by '/' name sub-domains, such as the quality buckets code/q1..code/q4 of corpus prepare --quality.
    [GeneratedRegex("^(?=.{1,64}\\z)[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*\\z")]
    private static partial Regex DomainNamePattern();

    /// <summary>Metric names an external trainer may report: letters, digits and <c>_ . : / -</c>, up to 128.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.:/\\-]{1,128}\\z")]
    public static partial Regex MetricNamePattern();

    public static IReadOnlyDictionary<string, string[]> Validate(StudySpec? spec, IReadOnlyCollection<string> knownStrategies,
        Func<string, IReadOnlyList<StrategyOption>?>? optionsOf = null)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        if (spec is null)
        {
            Add("$", "A study body is required.");
            return Freeze(errors);
        }

        if (TextRules.NameProblem(spec.Name, MaxNameLength) is { } nameProblem) Add("name", $"Name {nameProblem}.");

        if (spec.Domains is null) Add("domains", "Domains are required.");
        if (spec.Objective is null) Add("objective", "Objective must be an object; leave it out for the default.");
        if (spec.Budget is null) Add("budget", "Budget is required.");
        var domains = spec.Domains ?? [];
        if (domains.Count < 2) Add("domains", $"At least 2 domains are required, got {domains.Count}.");
        if (domains.Count > MaxDomains) Add("domains", $"At most {MaxDomains} domains are supported, got {domains.Count}.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < domains.Count; i++)
        {
            var d = domains[i];
            if (d is null) { Add($"domains[{i}]", "Domain must not be null."); continue; }
            if (string.IsNullOrWhiteSpace(d.Name)) Add($"domains[{i}].name", "Domain name must not be empty.");
            else if (!DomainNamePattern().IsMatch(d.Name)) Add($"domains[{i}].name", $"Domain name '{d.Name}' must be 1-64 letters, digits, '_', '.' or '-' (sub-domains joined by '/').");
            else if (!seen.Add(d.Name)) Add($"domains[{i}].name", $"Domain '{d.Name}' appears more than once.");
            if (d.Tokens is <= 0) Add($"domains[{i}].tokens", "Token count must be positive when given.");
        }

        var objective = spec.Objective ?? new ObjectiveSpec();
        if (objective.Direction is not ("minimize" or "maximize"))
            Add("objective.direction", $"Direction must be 'minimize' or 'maximize', got '{objective.Direction}'.");
        if (objective.Weights is { } weights)
        {
            if (weights.Count == 0) Add("objective.weights", "Leave weights out, or name at least one metric.");
            if (objective.Metric != ObjectiveSpec.MeanLoss) Add("objective.metric", "Give either metric or weights, not both.");
            foreach (var (metric, weight) in weights)
            {
                if (!double.IsFinite(weight) || weight == 0 || Math.Abs(weight) > MaxWeight)
                    Add($"objective.weights.{metric}", $"Weight must be a finite, non-zero number of magnitude at most {MaxWeight:G}, got {weight}.");
                ValidateMetric($"objective.weights.{metric}", metric);
            }
        }
        else ValidateMetric("objective.metric", objective.Metric);

        void ValidateMetric(string key, string? metric)
        {
            // The simulated and built-in executors report per-domain losses only; an external trainer reports what it likes.
            if (spec.Executor == ExecutorNames.External)
            {
                if (metric is null || !MetricNamePattern().IsMatch(metric))
                    Add(key, $"Metric name '{metric}' must be 1-128 letters, digits, '_', '.', ':', '/' or '-'.");
            }
            else if (metric != ObjectiveSpec.MeanLoss && !domains.Any(d => d is not null && metric == ObjectiveSpec.LossMetric(d.Name)))
                Add(key, $"Metric '{metric}' is neither '{ObjectiveSpec.MeanLoss}' nor 'loss:<domain>' for a domain of this study.");
        }

        var budget = spec.Budget ?? new BudgetSpec();
        if (budget.Cost is { } cost)
        {
            if (!double.IsFinite(cost) || cost <= 0) Add("budget.cost", $"Cost budget must be a finite number > 0, got {cost}.");
            if (budget.Runs < 0) Add("budget.runs", $"Run budget must be >= 0 (0: no run cap) when a cost budget is given, got {budget.Runs}.");
        }
        else if (budget.Runs <= 0) Add("budget.runs", $"Run budget must be greater than 0 (or give budget.cost), got {budget.Runs}.");
        if (budget.Runs > MaxRuns) Add("budget.runs", $"Run budget must be at most {MaxRuns}, got {budget.Runs}.");
        if (budget.Parallelism is < 1 or > 1024) Add("budget.parallelism", $"Parallelism must be between 1 and 1024, got {budget.Parallelism}.");

        if (string.IsNullOrWhiteSpace(spec.Strategy) || !knownStrategies.Contains(spec.Strategy))
            Add("strategy", $"Unknown strategy '{spec.Strategy}'. Known: {string.Join(", ", knownStrategies)}.");
        if (!ExecutorNames.All.Contains(spec.Executor))
            Add("executor", $"Unknown executor '{spec.Executor}'. Known: {string.Join(", ", ExecutorNames.All)}.");

        if (spec.Fidelities is { } ladder)
        {
            if (ladder.Count == 0) Add("fidelities", "Leave fidelities out, or give at least one rung.");
            for (var i = 0; i < ladder.Count; i++)
            {
                var f = ladder[i];
                if (f is null) { Add($"fidelities[{i}]", "Fidelity must not be null."); continue; }
                if (!double.IsFinite(f.Value) || f.Value <= 0) Add($"fidelities[{i}].value", $"Fidelity value must be a finite number > 0, got {f.Value}.");
                if (!double.IsFinite(f.Cost) || f.Cost <= 0) Add($"fidelities[{i}].cost", $"Fidelity cost must be a finite number > 0, got {f.Cost}.");
                if (f.Name is not null && TextRules.NameProblem(f.Name, MaxRungNameLength) is { } rungName) Add($"fidelities[{i}].name", $"Rung name {rungName}.");
                if (f.Model is not null && TextRules.NameProblem(f.Model, MaxRungNameLength) is { } modelName) Add($"fidelities[{i}].model", $"Model {modelName}.");
                else if (f.Model is not null && spec.Executor == ExecutorNames.Builtin && !BuiltinModels.IsKnown(f.Model))
                    Add($"fidelities[{i}].model", $"Unknown model '{f.Model}'; the built-in trainer has {string.Join(", ", BuiltinModels.Names)}.");
            }
            if (ladder.Where(f => f is not null).GroupBy(f => f.Value).Any(g => g.Count() > 1))
                Add("fidelities", "Each fidelity value may appear only once.");
        }

        MergedRung.Validate(spec, Add);

        if (spec.Simulator is { } sim) ValidateSimulator(sim, domains.Count, Add);
        if (spec.Fidelities is { } rungs)
            for (var i = 0; i < rungs.Count; i++)
                if (rungs[i]?.Tokens is <= 0) Add($"fidelities[{i}].tokens", "Run token budget must be positive when given.");
        if (spec.Executor == ExecutorNames.Simulated && errors.Count == 0) ValidateSimulatedRange(spec, Add);
        if (spec.Constraints is { } constraints) ValidateConstraints(spec, constraints, Add, errors.Count == 0);
        if (spec.StrategyOptions is { } options) ValidateStrategyOptions(spec, options, optionsOf, Add);
        if (spec.Groups is not null || spec.GroupWeights is not null) ValidateGroups(spec, Add, errors.Count == 0);
        if (spec.Objectives is not null || spec.TradeOff is not null) ValidateObjectives(spec, Add);
        if (spec.Strategy == AioliStudyRules.StrategyName) AioliStudyRules.Validate(spec, Add);

        return Freeze(errors);
    }

    private static void ValidateSimulator(SimulatorSpec sim, int n, Action<string, string> add)
    {
        void Vector(string key, IReadOnlyList<double>? v)
        {
            if (v is null) return;
            if (v.Count != n) add(key, $"Expected {n} values (one per domain), got {v.Count}.");
            if (v.Any(x => !double.IsFinite(x))) add(key, "Values must be finite.");
        }
        Vector("simulator.c", sim.C);
        Vector("simulator.k", sim.K);
        if (sim.K is not null && sim.K.Any(k => k <= 0)) add("simulator.k", "Scales must be positive.");
        if (sim.T is not null)
        {
            if (sim.T.Count != n) add("simulator.t", $"Expected a {n}x{n} matrix, got {sim.T.Count} rows.");
            for (var i = 0; i < sim.T.Count; i++)
                if (sim.T[i] is null) add($"simulator.t[{i}]", "A row must not be null.");
                else Vector($"simulator.t[{i}]", sim.T[i]);
        }
        if (!double.IsFinite(sim.NoiseStd) || sim.NoiseStd < 0) add("simulator.noiseStd", "Noise must be a finite number >= 0.");
        if (!double.IsFinite(sim.FidelityGap) || sim.FidelityGap < 0) add("simulator.fidelityGap", "Fidelity gap must be a finite number >= 0.");
        if (!double.IsFinite(sim.FidelityExponent) || sim.FidelityExponent <= 0) add("simulator.fidelityExponent", "Fidelity exponent must be a finite number > 0.");
        if (!double.IsFinite(sim.RunSeconds) || sim.RunSeconds is < 0 or > 3600) add("simulator.runSeconds", "Run seconds must be between 0 and 3600.");
    }

    /// <summary>
    /// Every value the simulated oracle can produce (each loss at any mixture and rung, and the objective of them)
    /// must stay far inside double's range: finite parameters such as c = 1e308 or weights near the limit would
    /// otherwise give +Infinity losses, objectives or optimum that the ledger cannot store and the API cannot write.
    /// Each loss c_i + k_i·exp(Σ_j T_ij·w_j) + offset is largest at a vertex of the simplex (the exponent is linear
    /// in w), so the bound is exact enough to be cheap.
    /// </summary>
    private static void ValidateSimulatedRange(StudySpec spec, Action<string, string> add)
    {
        var n = spec.Domains.Count;
        var sim = SimulatorParameters.Resolve(spec.Simulator, n, spec.Seed);
        var cheapest = (spec.Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget).Min(r => r.Value);
        var offset = Math.Abs(sim.FidelityGap * (Math.Pow(cheapest, -sim.FidelityExponent) - 1.0));
        var noise = 40 * sim.NoiseStd / Math.Sqrt(Math.Min(1.0, cheapest));
        var largest = 0.0;
        for (var i = 0; i < n; i++)
            largest = Math.Max(largest, Math.Abs(sim.C![i]) + Math.Abs(sim.K![i]) * Math.Exp(sim.T![i].Max()) + offset + noise);
        if (!double.IsFinite(largest) || largest > MaxSimulatedValue)
        {
            add("simulator", $"These parameters let a simulated loss reach {largest:G3}; losses must stay below {MaxSimulatedValue:G} (smaller c, k, t, noise or fidelity gap).");
            return;
        }
        var weight = spec.Objective.Weights is { Count: > 0 } w ? w.Values.Sum(Math.Abs) : 1.0;
        if (!(weight * largest <= MaxSimulatedValue))
            add("objective.weights", $"With these weights the objective can reach {weight * largest:G3}; it must stay below {MaxSimulatedValue:G}.");
    }

    private static void ValidateConstraints(StudySpec spec, ConstraintsSpec constraints, Action<string, string> add, bool restIsValid)
    {
        var names = new HashSet<string>(spec.Domains.Where(d => d is not null).Select(d => d.Name));
        var problems = false;
        void Bounds(string key, IReadOnlyDictionary<string, double>? map)
        {
            if (map is null) return;
            foreach (var (domain, value) in map)
            {
                if (!names.Contains(domain)) { add($"constraints.{key}.{domain}", $"'{domain}' is not a domain of this study."); problems = true; }
                if (!double.IsFinite(value) || value is < 0 or > 1) { add($"constraints.{key}.{domain}", $"Bound must be a proportion in [0, 1], got {value}."); problems = true; }
            }
        }
        Bounds("min", constraints.Min);
        Bounds("max", constraints.Max);
        if (constraints.MaxEpochs is { } epochs && (!double.IsFinite(epochs) || epochs <= 0))
        {
            add("constraints.maxEpochs", $"Maximum epochs must be a finite number > 0, got {epochs}.");
            problems = true;
        }
        if (problems || !restIsValid) return;
        // Each bound is fine on its own; now ask whether any mixture meets all of them together.
        try
        {
            Mixtures.MixtureConstraints _ = StudySpace.ConstraintsOf(spec);
        }
        catch (ArgumentException e)
        {
            add("constraints", e.Message);
        }
    }

    /// <summary>
    /// Every option's value is checked; an option the study's strategy does not read (each declares its own; the
    /// strategy catalog passes them as <c>optionsOf</c>) is an error naming it, since the strategy would silently ignore it.
    /// </summary>
    private static void ValidateStrategyOptions(StudySpec spec, StrategyOptions options,
        Func<string, IReadOnlyList<StrategyOption>?>? optionsOf, Action<string, string> add)
    {
        foreach (var option in StrategyOption.All) option.Check(spec, options, message => add(option.Key, message));
        if (spec.Strategy is null || optionsOf?.Invoke(spec.Strategy) is not { } declared) return;
        foreach (var option in StrategyOption.All.Where(o => o.IsSetIn(options) && !declared.Contains(o)))
            add(option.Key, $"Strategy '{spec.Strategy}' does not use option '{option.Name}'; it takes {string.Join(", ", declared.Select(o => o.Name))}.");
    }

    private static IReadOnlyDictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

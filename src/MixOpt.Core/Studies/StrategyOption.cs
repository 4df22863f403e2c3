namespace MixOpt.Core.Studies;

/// <summary>
/// One tuning knob of <see cref="StrategyOptions"/>: its JSON name, whether a study set it, and the check of its
/// value. Each strategy declares the options it reads (the strategy catalog passes them to <see cref="StudySpecValidator.Validate"/>), so a study that
/// sets one its strategy would ignore gets a validation error naming the option instead of silence.
/// </summary>
public sealed class StrategyOption
{
    private readonly Func<StrategyOptions, bool> _isSet;
    private readonly Action<StudySpec, StrategyOptions, Action<string>> _check;

    private StrategyOption(string name, Func<StrategyOptions, bool> isSet, Action<StudySpec, StrategyOptions, Action<string>> check)
    {
        Name = name;
        _isSet = isSet;
        _check = check;
    }

    /// <summary>The option's name in JSON (under <c>strategyOptions</c>).</summary>
    public string Name { get; }

    /// <summary>The validation error key of this option.</summary>
    public string Key => "strategyOptions." + Name;

    public bool IsSetIn(StrategyOptions options) => _isSet(options);

    /// <summary>Adds an error message for each problem with the value <paramref name="options"/> gives this option (when it gives one).</summary>
    public void Check(StudySpec spec, StrategyOptions options, Action<string> error)
    {
        if (IsSetIn(options)) _check(spec, options, error);
    }

    public static readonly StrategyOption Surrogate = new("surrogate", o => o.Surrogate is not null, (_, o, error) =>
    {
        if (!Surrogates.SurrogateCatalog.Names.Contains(o.Surrogate!))
            error($"Unknown surrogate '{o.Surrogate}'. Known: {string.Join(", ", Surrogates.SurrogateCatalog.Names)} (or leave it out to pick by cross-validation).");
    });

    public static readonly StrategyOption TopK = new("topK", o => o.TopK is not null, (_, o, error) =>
    {
        if (o.TopK is < 1 or > 100_000) error($"Top-k must be between 1 and 100000, got {o.TopK}.");
        else if (o.EffectiveTopK > o.EffectiveCandidates) error("Top-k cannot exceed the number of candidates.");
    });

    public static readonly StrategyOption Candidates = new("candidates", o => o.Candidates is not null, (spec, o, error) =>
    {
        if (o.Candidates is < 100 or > 10_000_000) error($"Candidates must be between 100 and 10000000, got {o.Candidates}.");
        // Candidates are sampled into one array of candidates × domains doubles: 10,000,000 candidates of 64 domains
        // asked for 5 GB at once, which a request should never be able to make the service allocate.
        else if ((long)o.EffectiveCandidates * spec.Domains.Count > StudySpecValidator.MaxCandidateValues)
            error($"Candidates × domains must be at most {StudySpecValidator.MaxCandidateValues:N0} (2 GiB of mixtures), got {o.EffectiveCandidates} × {spec.Domains.Count}.");
    });

    public static readonly StrategyOption InitialDesign = new("initialDesign", o => o.InitialDesign is not null, (_, o, error) =>
    {
        if (o.InitialDesign is < 1 or > StudySpecValidator.MaxRuns) error($"Initial design must be between 1 and {StudySpecValidator.MaxRuns}, got {o.InitialDesign}.");
    });

    public static readonly StrategyOption Temperature = new("temperature", o => o.Temperature is not null, (_, o, error) =>
    {
        if (o.Temperature is not { } t || !double.IsFinite(t) || t is < 0 or > 10) error($"Temperature must be between 0 and 10, got {o.Temperature}.");
    });

    public static readonly StrategyOption Acquisition = new("acquisition", o => o.Acquisition is not null, (_, o, error) =>
    {
        if (o.Acquisition is not ("log-ei" or "ucb")) error($"Acquisition must be 'log-ei' or 'ucb', got '{o.Acquisition}'.");
    });

    public static readonly StrategyOption Fidelity = new("fidelity", o => o.Fidelity is not null, (spec, o, error) =>
    {
        if (FidelityLadder.Find(spec.Fidelities ?? FidelitySpec.SingleTarget, o.Fidelity) is null)
            error($"Fidelity must be 'target', 'cheapest' or the name of a rung, got '{o.Fidelity}'.");
    });

    public static readonly StrategyOption CvFolds = new("cvFolds", o => o.CvFolds is not null, (_, o, error) =>
    {
        if (o.CvFolds is < 2 or > 20) error($"Cross-validation folds must be between 2 and 20, got {o.CvFolds}.");
    });

    public static readonly StrategyOption Rounds = new("rounds", o => o.Rounds is not null, (_, o, error) =>
    {
        if (o.Rounds is < 1 or > 1000) error($"Rounds must be between 1 and 1000, got {o.Rounds}.");
    });

    public static readonly StrategyOption ProbeSteps = new("probeSteps", o => o.ProbeSteps is not null, (_, o, error) =>
    {
        if (o.ProbeSteps is < 1 or > 10_000) error($"Probe steps must be between 1 and 10000, got {o.ProbeSteps}.");
    });

    public static readonly StrategyOption StepSize = new("stepSize", o => o.StepSize is not null, (_, o, error) =>
    {
        if (o.StepSize is not { } s || !double.IsFinite(s) || s is <= 0 or > 10) error($"Step size must be in (0, 10], got {o.StepSize}.");
    });

    public static readonly StrategyOption Smoothing = new("smoothing", o => o.Smoothing is not null, (_, o, error) =>
    {
        if (o.Smoothing is not { } s || !double.IsFinite(s) || s is < 0 or >= 1) error($"Smoothing must be in [0, 1), got {o.Smoothing}.");
    });

    public static readonly StrategyOption Recommend = new("recommend", o => o.Recommend is not null, (_, o, error) =>
    {
        if (o.Recommend is not ("final" or "average")) error($"Recommend must be 'final' or 'average', got '{o.Recommend}'.");
    });

    /// <summary>The largest KL weight a study may set: far past the point where the answer is the natural distribution.</summary>
    public const double MaxKlWeight = 1e6;

    public static readonly StrategyOption KlWeight = new("klWeight", o => o.KlWeight is not null, (_, o, error) =>
    {
        if (o.KlWeight is not { } k || !double.IsFinite(k) || k is < 0 or > MaxKlWeight) error($"KL weight must be between 0 and {MaxKlWeight:G}, got {o.KlWeight}.");
    });

    public static readonly StrategyOption MetricWeights = new("metricWeights", o => o.MetricWeights is not null, (spec, o, error) =>
    {
        var objectives = spec.ObjectiveList().Count;
        var weights = o.MetricWeights!;
        if (weights.Count != objectives) error($"Metric weights need one weight per objective ({objectives}), got {weights.Count}.");
        else if (weights.Any(w => !double.IsFinite(w) || w < 0)) error("Metric weights must be finite and >= 0.");
        else if (weights.Sum() <= 0) error("Metric weights must not all be 0.");
    });

    public static readonly StrategyOption RestoreAfterProbe = new("restoreAfterProbe", o => o.RestoreAfterProbe is not null, (spec, o, error) =>
    {
        // The service cannot snapshot an external trainer's model: its probes are always chained (ExternalInRunRounds).
        if (o.RestoreAfterProbe == true && spec.IsExternal)
            error("Restore after probe cannot be true with executor 'external': the service cannot restore an external trainer's parameters, so its probes are chained (leave it out or set false).");
    });

    public static readonly StrategyOption ProbesInBudget = new("probesInBudget", o => o.ProbesInBudget is not null, (spec, o, error) =>
    {
        if (o.ProbesInBudget == false && (spec.IsExternal || o.RestoreAfterProbe == false))
            error("Probes in budget can only be false when probes restore the parameters (restoreAfterProbe true, builtin executor): a probe outside the budget must leave no trace in the model.");
    });

    public static readonly StrategyOption AverageInteractions = new("averageInteractions", o => o.AverageInteractions is not null, (_, _, _) => { });

    /// <summary>The longest warm-up a study may ask for; the run itself refuses one that is not shorter than its steps.</summary>
    public const int MaxWarmupSteps = 10_000_000;

    public static readonly StrategyOption WarmupSteps = new("warmupSteps", o => o.WarmupSteps is not null, (_, o, error) =>
    {
        if (o.WarmupSteps is < 0 or > MaxWarmupSteps) error($"Warm-up steps must be between 0 and {MaxWarmupSteps}, got {o.WarmupSteps}.");
    });

    public static readonly StrategyOption Sweeps = new("sweeps", o => o.Sweeps is not null, (_, o, error) =>
    {
        if (o.Sweeps is < 1 or > 100) error($"Sweeps must be between 1 and 100, got {o.Sweeps}.");
    });

    /// <summary>Every option of <see cref="StrategyOptions"/>.</summary>
    public static IReadOnlyList<StrategyOption> All { get; } = [Surrogate, TopK, Candidates, InitialDesign, Temperature, Acquisition, Fidelity, CvFolds, Rounds, ProbeSteps, StepSize, Smoothing, Recommend, KlWeight, MetricWeights,
        RestoreAfterProbe, ProbesInBudget, AverageInteractions, WarmupSteps, Sweeps];

    /// <summary>Options every strategy takes: the folds of the study's closing surrogate table.</summary>
    public static IReadOnlyList<StrategyOption> Common { get; } = [CvFolds];
}

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

    /// <summary>Every option of <see cref="StrategyOptions"/>.</summary>
    public static IReadOnlyList<StrategyOption> All { get; } = [Surrogate, TopK, Candidates, InitialDesign, Temperature, Acquisition, Fidelity, CvFolds];

    /// <summary>Options every strategy takes: the folds of the study's closing surrogate table.</summary>
    public static IReadOnlyList<StrategyOption> Common { get; } = [CvFolds];
}

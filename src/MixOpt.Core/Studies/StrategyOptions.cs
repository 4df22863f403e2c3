using System.Text.Json.Serialization;

namespace MixOpt.Core.Studies;

/// <summary>
/// Optional tuning of a study's strategy. Every member is null unless the study sets it, so the validator can tell
/// an option the study gave from a default and refuse one its strategy does not use (each strategy declares its
/// options in <see cref="Strategies.ProposerCatalog"/>); the <c>Effective…</c> members are what strategies read.
/// </summary>
public sealed record StrategyOptions
{
    public const int DefaultTopK = 100;
    public const int DefaultCandidates = 1_000_000;
    public const int DefaultCvFolds = 5;
    public const double DefaultTemperature = 0.5;

    /// <summary>Surrogate to fit (a name in the surrogate catalog); null = the winner of k-fold cross-validation.</summary>
    public string? Surrogate { get; init; }

    /// <summary>RegMix: how many of the best-scored candidates are averaged into the recommendation.</summary>
    public int? TopK { get; init; }

    /// <summary>RegMix: how many sampled mixtures the fitted model scores when it searches for the best one.</summary>
    public int? Candidates { get; init; }

    /// <summary>Runs in the initial design before any model is fitted; null = the strategy's default (about 2 per domain).</summary>
    public int? InitialDesign { get; init; }

    /// <summary>Exponent on the natural token distribution for RegMix's Dirichlet prior (0 = uniform, 1 = natural).</summary>
    public double? Temperature { get; init; }

    /// <summary>Acquisition of the <c>bo</c> strategy: "log-ei" (default) or "ucb".</summary>
    public string? Acquisition { get; init; }

    /// <summary>
    /// The rung the <c>bo</c> strategy runs at and models: null or "target" (default), "cheapest", or a rung's name.
    /// Below the target, bo's recommendation for the target is the best mixture predicted at that rung (RegMix's
    /// premise: optimize at a cheap proxy scale and transfer), never checked by a target run.
    /// </summary>
    public string? Fidelity { get; init; }

    /// <summary>Folds of the cross-validation that picks the surrogate (and of the study's closing surrogate table).</summary>
    public int? CvFolds { get; init; }

    /// <summary>Aioli: learn-estimate rounds the run is cut into (default <see cref="InRun.AioliOptions.DefaultRounds"/>).</summary>
    public int? Rounds { get; init; }

    /// <summary>Aioli: training steps on each probe mixture per round.</summary>
    public int? ProbeSteps { get; init; }

    /// <summary>Aioli: η of the exponentiated-gradient update of the proportions.</summary>
    public double? StepSize { get; init; }

    /// <summary>Aioli: ε of the probe mixtures (one-hot smoothed towards the current proportions).</summary>
    public double? Smoothing { get; init; }

    /// <summary>Aioli: the study's recommendation, "final" (default) or "average" of the trajectory.</summary>
    public string? Recommend { get; init; }

    /// <summary>Olmix: λ, the weight of the KL penalty to the natural distribution (default <see cref="DefaultKlWeight"/>).</summary>
    public double? KlWeight { get; init; }

    /// <summary>Olmix: one weight per objective of the study, in order (default equal weights summing to 1).</summary>
    public IReadOnlyList<double>? MetricWeights { get; init; }

    /// <summary>
    /// Aioli: probes restore the parameters and optimizer state they started from (the paper's LearnEstimate; default
    /// true). External trainers cannot restore for the service, so an external study may only leave it out or set false.
    /// </summary>
    public bool? RestoreAfterProbe { get; init; }

    /// <summary>Aioli: probe steps count in the run's step budget (the paper's accounting; default true); false makes them look-ahead overhead.</summary>
    public bool? ProbesInBudget { get; init; }

    /// <summary>Aioli: update with the mean of every round's fitted interaction matrix so far (default false).</summary>
    public bool? AverageInteractions { get; init; }

    /// <summary>Aioli: steps on the starting mixture before the first round, part of the budget (default 0).</summary>
    public int? WarmupSteps { get; init; }

    /// <summary>Aioli: passes over the domains per round when probing (default 1).</summary>
    public int? Sweeps { get; init; }

    /// <summary>Olmix's default λ: the <c>kl_reg</c> default of the Olmix reference implementation's exact log-linear proposer.</summary>
    public const double DefaultKlWeight = 0.05;

    [JsonIgnore] public double EffectiveKlWeight => KlWeight ?? DefaultKlWeight;

    [JsonIgnore] public int EffectiveTopK => TopK ?? DefaultTopK;

    [JsonIgnore] public int EffectiveCandidates => Candidates ?? DefaultCandidates;

    [JsonIgnore] public double EffectiveTemperature => Temperature ?? DefaultTemperature;

    [JsonIgnore] public int EffectiveCvFolds => CvFolds ?? DefaultCvFolds;
}

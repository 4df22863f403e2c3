namespace MixOpt.Core.InRun;

/// <summary>
/// Hyperparameters of Aioli (Chen et al. 2024, "Aioli: a unified optimization framework for language model data
/// mixing"). A run is cut into <see cref="Rounds"/> equal rounds; each round first probes every domain for
/// <see cref="ProbeSteps"/> steps (<see cref="Sweeps"/> times), fits the interaction matrix of the linear mixing law
/// from the per-domain validation-loss changes, moves the proportions by exponentiated gradient with step
/// <see cref="StepSize"/>, then trains on them for the rest of the round.
/// </summary>
public sealed record AioliOptions
{
    /// <summary>
    /// Defaults: one sweep and η = 0.1 as in the public Aioli implementations; 10 rounds of 2-step probes suit the short
    /// proxy runs here, and ε = 0.8 measured better than 0.5 on the demo corpus (docs/AIOLI.md).
    /// </summary>
    public const int DefaultRounds = 10;
    public const int DefaultProbeSteps = 2;
    public const int DefaultSweeps = 1;
    public const double DefaultStepSize = 0.1;
    public const double DefaultSmoothing = 0.8;
    public const bool DefaultRestoreAfterProbe = true;
    public const bool DefaultProbesInBudget = true;
    public const bool DefaultAverageInteractions = false;
    public const int DefaultWarmupSteps = 0;

    /// <summary>How many learn-estimate rounds the run is cut into.</summary>
    public int Rounds { get; init; } = DefaultRounds;

    /// <summary>Training steps on each probe mixture before its losses are measured.</summary>
    public int ProbeSteps { get; init; } = DefaultProbeSteps;

    /// <summary>Passes over the domains per round when probing (more sweeps: more probes per fit).</summary>
    public int Sweeps { get; init; } = DefaultSweeps;

    /// <summary>
    /// η of the exponentiated-gradient update, applied to the gradient scaled so its largest entry is 1: a round
    /// changes any proportion by at most a factor e^η before the constraints are applied. Scaling makes η independent
    /// of the learning rate and probe length, which set the raw size of the loss changes.
    /// </summary>
    public double StepSize { get; init; } = DefaultStepSize;

    /// <summary>
    /// ε of the probe mixtures <c>(1 − ε)·e_i + ε·p</c> (one-hot on domain i, smoothed towards the current mixture),
    /// so a probe never trains on one domain alone and the probe matrix stays well conditioned.
    /// </summary>
    public double Smoothing { get; init; } = DefaultSmoothing;

    /// <summary>The study's recommendation: the trajectory's final mixture, or the average over its rounds.</summary>
    public AioliRecommendation Recommend { get; init; } = AioliRecommendation.Final;

    /// <summary>
    /// The paper's LearnEstimate: every probe trains from the same parameters, which are restored after its losses
    /// are measured, so each probe's loss change is taken from the round's starting losses. False: probes keep what
    /// they learn and each change is taken from the report before it (for trainers that cannot restore).
    /// </summary>
    public bool RestoreAfterProbe { get; init; } = DefaultRestoreAfterProbe;

    /// <summary>
    /// As in the paper, a round's probe steps are part of its step budget (the round trains on the updated mixture
    /// for the rest). False: probes are look-ahead overhead on top of the budget, so the model trains on as many
    /// tokens as a fixed-mixture run (needs <see cref="RestoreAfterProbe"/>).
    /// </summary>
    public bool ProbesInBudget { get; init; } = DefaultProbesInBudget;

    /// <summary>Update with the mean of every round's fitted interaction matrix so far instead of this round's alone (less noise).</summary>
    public bool AverageInteractions { get; init; } = DefaultAverageInteractions;

    /// <summary>Steps trained on the starting mixture before the first round (the paper's "Aioli after warm-up"); part of the budget.</summary>
    public int WarmupSteps { get; init; } = DefaultWarmupSteps;

    /// <summary>Steps the probes of one round take.</summary>
    public int ProbeStepsPerRound(int domains) => ProbeSteps * Sweeps * domains;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value, including a run too short for its rounds.</summary>
    public void Validate(int domains, int totalSteps)
    {
        if (Rounds is < 1 or > 1000) throw new ArgumentException($"Aioli rounds must be between 1 and 1000, got {Rounds}.");
        if (ProbeSteps is < 1 or > 10_000) throw new ArgumentException($"Aioli probe steps must be between 1 and 10000, got {ProbeSteps}.");
        if (Sweeps is < 1 or > 100) throw new ArgumentException($"Aioli sweeps must be between 1 and 100, got {Sweeps}.");
        if (!double.IsFinite(StepSize) || StepSize is <= 0 or > 10) throw new ArgumentException($"Aioli step size must be in (0, 10], got {StepSize}.");
        if (!double.IsFinite(Smoothing) || Smoothing is < 0 or >= 1) throw new ArgumentException($"Aioli smoothing must be in [0, 1), got {Smoothing}.");
        if (!ProbesInBudget && !RestoreAfterProbe)
            throw new ArgumentException("Aioli probes outside the step budget must restore the parameters after each probe.");
        if (WarmupSteps < 0 || WarmupSteps >= totalSteps)
            throw new ArgumentException($"Aioli warm-up steps must be between 0 and the run's {totalSteps} steps (exclusive), got {WarmupSteps}.");
        var perRound = (totalSteps - WarmupSteps) / Rounds;
        if (!ProbesInBudget)
        {
            if (perRound < 1)
                throw new ArgumentException($"A run of {totalSteps} steps ({WarmupSteps} warm-up) cannot be cut into {Rounds} Aioli rounds: use fewer rounds or more steps.");
            return;
        }
        if (perRound <= ProbeStepsPerRound(domains))
            throw new ArgumentException(
                $"A run of {totalSteps} steps{(WarmupSteps > 0 ? $" ({WarmupSteps} warm-up)" : "")} in {Rounds} Aioli rounds has {perRound} steps per round, but probing {domains} domains takes {ProbeStepsPerRound(domains)}: use fewer rounds or probe steps, or more steps.");
    }
}

using MixOpt.Core.InRun;

namespace MixOpt.Core.Studies;

/// <summary>
/// What a study with strategy <c>aioli</c> must be, and the Aioli options its strategy options give. Aioli re-weights
/// one run while it trains, from per-domain validation losses reported during the run: only the builtin trainer
/// (in-process) and external trainers (through the in-run rounds endpoint) report them; the simulated oracle has no
/// training to re-weight, and one run is trained at one rung.
/// </summary>
public static class AioliStudyRules
{
    public const string StrategyName = "aioli";

    public static void Validate(StudySpec spec, Action<string, string> add)
    {
        if (spec.Executor == ExecutorNames.Simulated)
            add("strategy", "Strategy 'aioli' re-weights a run while it trains from per-domain losses reported during the run; the simulated oracle reports none. Use executor 'builtin'.");
        // External trainers report their per-domain losses to POST /api/studies/{id}/runs/{runId}/rounds and train on the
        // proportions it answers; one that never reports falls back to its starting proportions, and its run says so.
        if (spec.Fidelities is { Count: > 1 })
            add("fidelities", "Strategy 'aioli' trains one run at one rung; give a single fidelity.");
    }

    /// <summary>The Aioli options a study's strategy options give (defaults for what it leaves out).</summary>
    public static AioliOptions OptionsOf(StudySpec spec)
    {
        var o = spec.StrategyOptions ?? new StrategyOptions();
        return new AioliOptions
        {
            Rounds = o.Rounds ?? AioliOptions.DefaultRounds,
            ProbeSteps = o.ProbeSteps ?? AioliOptions.DefaultProbeSteps,
            StepSize = o.StepSize ?? AioliOptions.DefaultStepSize,
            Smoothing = o.Smoothing ?? AioliOptions.DefaultSmoothing,
            Recommend = o.Recommend == "average" ? AioliRecommendation.Average : AioliRecommendation.Final,
            RestoreAfterProbe = o.RestoreAfterProbe ?? AioliOptions.DefaultRestoreAfterProbe,
            ProbesInBudget = o.ProbesInBudget ?? AioliOptions.DefaultProbesInBudget,
            AverageInteractions = o.AverageInteractions ?? AioliOptions.DefaultAverageInteractions,
            WarmupSteps = o.WarmupSteps ?? AioliOptions.DefaultWarmupSteps,
            Sweeps = o.Sweeps ?? AioliOptions.DefaultSweeps,
        };
    }
}

using MixOpt.Core.InRun;

namespace MixOpt.Core.Studies;

/// <summary>
/// What a study with strategy <c>aioli</c> must be, and the Aioli options its strategy options give. Aioli re-weights
/// one run while it trains, from per-domain validation losses reported during the run: only the builtin trainer
/// reports them today; the simulated oracle has no training to
/// re-weight, external trainers have no in-run endpoint yet, and one run is trained at one rung.
/// </summary>
public static class AioliStudyRules
{
    public const string StrategyName = "aioli";

    public static void Validate(StudySpec spec, Action<string, string> add)
    {
        if (spec.Executor == ExecutorNames.Simulated)
            add("strategy", "Strategy 'aioli' re-weights a run while it trains from per-domain losses reported during the run; the simulated oracle reports none. Use executor 'builtin'.");
        // External trainers have no way to report in-run losses yet: accepting the study would train a fixed mixture
        // and call it Aioli.
        else if (spec.Executor == ExecutorNames.External)
            add("strategy", "Strategy 'aioli' needs per-domain losses reported during the run; external trainers cannot report them yet (no in-run rounds endpoint). Use executor 'builtin'.");
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
        };
    }
}

using MixOpt.Core.InRun;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Core.Tests.Strategies;

namespace MixOpt.Core.Tests.InRun;

/// <summary>The <c>aioli</c> study strategy: which studies it serves, its options, and the one run it places.</summary>
public class AioliStrategyTests
{
    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) =>
        StudySpecValidator.Validate(spec, InRunStrategies.StudyNames, InRunStrategies.OptionsOf);

    private static StudySpec Builtin(StrategyOptions? options = null) =>
        StrategyTestKit.Study(3, "aioli", 1, options: options ?? new StrategyOptions()) with { Executor = ExecutorNames.Builtin, Simulator = null };

    [Fact]
    public void A_builtin_aioli_study_with_its_options_is_valid_and_so_is_an_external_one_that_reports_rounds()
    {
        var options = new StrategyOptions { Rounds = 4, ProbeSteps = 3, StepSize = 0.3, Smoothing = 0.4, Recommend = "average" };
        Assert.Empty(Validate(Builtin(options)));
        Assert.Empty(Validate(Builtin(options) with { Executor = ExecutorNames.External }));
        var aioli = AioliStudyRules.OptionsOf(Builtin(options));
        Assert.Equal((4, 3, 0.3, 0.4, AioliRecommendation.Average), (aioli.Rounds, aioli.ProbeSteps, aioli.StepSize, aioli.Smoothing, aioli.Recommend));
    }

    [Fact]
    public void A_simulated_aioli_study_is_refused_naming_why()
    {
        var errors = Validate(StrategyTestKit.Study(3, "aioli", 1, options: new StrategyOptions()));
        var message = Assert.Single(errors["strategy"]);
        Assert.Contains("simulated", message);
        Assert.Contains("per-domain losses", message);
    }

    [Fact]
    public void A_ladder_and_bad_option_values_are_refused_and_other_strategies_refuse_aioli_options()
    {
        var ladder = Builtin() with { Fidelities = [new FidelitySpec { Value = 0.5, Cost = 0.5 }, new FidelitySpec { Value = 1, Cost = 1 }] };
        Assert.Contains("fidelities", Validate(ladder).Keys);
        var bad = Validate(Builtin(new StrategyOptions { Rounds = 0, StepSize = double.NaN, Smoothing = 1, Recommend = "best" }));
        Assert.Contains("strategyOptions.rounds", bad.Keys);
        Assert.Contains("strategyOptions.stepSize", bad.Keys);
        Assert.Contains("strategyOptions.smoothing", bad.Keys);
        Assert.Contains("strategyOptions.recommend", bad.Keys);
        var random = Validate(StrategyTestKit.Study(3, "random", 1, options: new StrategyOptions { Rounds = 5 }));
        Assert.Contains("strategyOptions.rounds", random.Keys);
    }

    [Fact]
    public void The_strategy_places_one_run_from_the_uniform_start_within_the_constraints()
    {
        var study = Builtin() with { Constraints = new ConstraintsSpec { Max = new Dictionary<string, double> { ["d0"] = 0.2 } } };
        var strategy = InRunStrategies.Create("aioli");
        var first = strategy.Propose(new ProposalContext(study, [], [], 0), 4);
        var run = Assert.Single(first);
        Assert.Equal(0.2, run.Mixture[0], 9);
        Assert.Equal(0.4, run.Mixture[1], 9);
        Assert.Empty(strategy.Propose(new ProposalContext(study, [], first, 1), 4));
        Assert.DoesNotContain("aioli", ProposerCatalog.Names);
        Assert.Contains("aioli", InRunStrategies.StudyNames);
    }

    [Fact]
    public void The_probe_options_are_read_from_the_study_and_left_out_they_are_the_method_defaults()
    {
        var options = new StrategyOptions { RestoreAfterProbe = true, ProbesInBudget = false, AverageInteractions = true, WarmupSteps = 60, Sweeps = 2 };
        Assert.Empty(Validate(Builtin(options)));
        var aioli = AioliStudyRules.OptionsOf(Builtin(options));
        Assert.Equal((true, false, true, 60, 2), (aioli.RestoreAfterProbe, aioli.ProbesInBudget, aioli.AverageInteractions, aioli.WarmupSteps, aioli.Sweeps));
        var defaults = AioliStudyRules.OptionsOf(Builtin());
        Assert.Equal(new AioliOptions(), defaults);
        Assert.Equal((AioliOptions.DefaultRestoreAfterProbe, AioliOptions.DefaultProbesInBudget, AioliOptions.DefaultAverageInteractions, AioliOptions.DefaultWarmupSteps),
            (defaults.RestoreAfterProbe, defaults.ProbesInBudget, defaults.AverageInteractions, defaults.WarmupSteps));
    }

    [Fact]
    public void Bad_probe_options_are_refused_naming_the_option()
    {
        var bad = Validate(Builtin(new StrategyOptions { WarmupSteps = -1, Sweeps = 0 }));
        Assert.Contains(bad["strategyOptions.warmupSteps"], m => m.Contains("between 0 and"));
        Assert.Contains(bad["strategyOptions.sweeps"], m => m.Contains("between 1 and 100"));
        // A probe outside the budget must leave no trace in the model, so it must be restored.
        var chained = Validate(Builtin(new StrategyOptions { RestoreAfterProbe = false, ProbesInBudget = false }));
        Assert.Contains(chained["strategyOptions.probesInBudget"], m => m.Contains("restore"));
        Assert.DoesNotContain("strategyOptions.restoreAfterProbe", chained.Keys);
        // The service cannot restore an external trainer's model (ExternalInRunRounds chains its probes).
        var external = Builtin() with { Executor = ExecutorNames.External };
        Assert.Contains("external", Assert.Single(Validate(external with { StrategyOptions = new StrategyOptions { RestoreAfterProbe = true } })["strategyOptions.restoreAfterProbe"]));
        Assert.Contains("strategyOptions.probesInBudget", Validate(external with { StrategyOptions = new StrategyOptions { ProbesInBudget = false } }).Keys);
        Assert.Empty(Validate(external with { StrategyOptions = new StrategyOptions { RestoreAfterProbe = false, ProbesInBudget = true, AverageInteractions = true, WarmupSteps = 20 } }));
    }
}

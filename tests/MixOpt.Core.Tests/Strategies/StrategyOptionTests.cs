using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>Each strategy declares the options it reads; the validator refuses the others by name.</summary>
public class StrategyOptionTests
{
    private static IReadOnlyDictionary<string, string[]> Validate(string strategy, StrategyOptions options) =>
        StudySpecValidator.Validate(StrategyTestKit.Study(3, strategy, 1, options: options) with { StrategyOptions = options }, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    /// <summary>A valid value for every option, so a refusal can only come from the strategy not reading it.</summary>
    private static StrategyOptions OnlyThis(StrategyOption option) => option.Name switch
    {
        "surrogate" => new StrategyOptions { Surrogate = "ridge" },
        "topK" => new StrategyOptions { TopK = 10 },
        "candidates" => new StrategyOptions { Candidates = 5_000 },
        "initialDesign" => new StrategyOptions { InitialDesign = 6 },
        "temperature" => new StrategyOptions { Temperature = 0.7 },
        "acquisition" => new StrategyOptions { Acquisition = "ucb" },
        "fidelity" => new StrategyOptions { Fidelity = "target" },
        "cvFolds" => new StrategyOptions { CvFolds = 3 },
        "rounds" => new StrategyOptions { Rounds = 5 },
        "probeSteps" => new StrategyOptions { ProbeSteps = 2 },
        "stepSize" => new StrategyOptions { StepSize = 0.2 },
        "smoothing" => new StrategyOptions { Smoothing = 0.5 },
        "recommend" => new StrategyOptions { Recommend = "average" },
        "klWeight" => new StrategyOptions { KlWeight = 0.1 },
        "metricWeights" => new StrategyOptions { MetricWeights = [1.0] },
        "restoreAfterProbe" => new StrategyOptions { RestoreAfterProbe = true },
        "probesInBudget" => new StrategyOptions { ProbesInBudget = true },
        "averageInteractions" => new StrategyOptions { AverageInteractions = true },
        "warmupSteps" => new StrategyOptions { WarmupSteps = 10 },
        "sweeps" => new StrategyOptions { Sweeps = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(option), option.Name, "no test value for this option"),
    };

    [Fact]
    public void Candidates_given_to_bo_is_an_error_that_names_the_option_and_what_bo_takes()
    {
        var errors = Validate("bo", new StrategyOptions { Candidates = 5_000 });
        var message = Assert.Single(Assert.Contains("strategyOptions.candidates", errors));
        Assert.Contains("'bo'", message);
        Assert.Contains("'candidates'", message);
        Assert.Contains("acquisition", message);
        Assert.Empty(Validate("regmix", new StrategyOptions { Candidates = 5_000 }));
    }

    [Fact]
    public void Every_strategy_accepts_exactly_the_options_it_declares()
    {
        foreach (var name in ProposerCatalog.Names)
        {
            var declared = ProposerCatalog.OptionsOf(name)!;
            foreach (var option in StrategyOption.All)
            {
                var errors = Validate(name, OnlyThis(option));
                if (declared.Contains(option)) Assert.False(errors.ContainsKey(option.Key), $"{name} declares {option.Name} but refused it: {string.Join("; ", errors.SelectMany(e => e.Value))}");
                else Assert.True(errors.ContainsKey(option.Key), $"{name} does not read {option.Name} but accepted it");
            }
        }
    }

    [Fact]
    public void Bad_values_are_reported_even_for_an_option_the_strategy_does_not_read()
    {
        var errors = Validate("random", new StrategyOptions { TopK = 0 });
        var messages = errors["strategyOptions.topK"];
        Assert.Contains(messages, m => m.Contains("between 1 and 100000"));
        Assert.Contains(messages, m => m.Contains("does not use"));
    }

    [Fact]
    public void A_study_without_options_still_gets_every_default()
    {
        var options = new StrategyOptions();
        Assert.Equal((StrategyOptions.DefaultTopK, StrategyOptions.DefaultCandidates, StrategyOptions.DefaultCvFolds, StrategyOptions.DefaultTemperature),
            (options.EffectiveTopK, options.EffectiveCandidates, options.EffectiveCvFolds, options.EffectiveTemperature));
        Assert.All(StrategyOption.All, o => Assert.False(o.IsSetIn(options), o.Name));
    }
}

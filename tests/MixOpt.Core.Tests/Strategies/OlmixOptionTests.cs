using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>The olmix options: the validator refuses bad values with the option's key, so nothing is written.</summary>
public class OlmixOptionTests
{
    private static IReadOnlyDictionary<string, string[]> Validate(StrategyOptions options, StudySpec? study = null) =>
        StudySpecValidator.Validate((study ?? StrategyTestKit.Study(3, "olmix", 1)) with { StrategyOptions = options }, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(2e6)]
    public void Kl_weight_must_be_finite_and_between_0_and_the_cap(double lambda) =>
        Assert.Contains("KL weight", Assert.Single(Validate(new StrategyOptions { KlWeight = lambda })["strategyOptions.klWeight"]));

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(1e6)]
    public void Kl_weights_in_range_are_accepted(double lambda) => Assert.Empty(Validate(new StrategyOptions { KlWeight = lambda }));

    [Fact]
    public void Metric_weights_need_one_finite_non_negative_weight_per_objective()
    {
        Assert.Contains("one weight per objective (1)", Validate(new StrategyOptions { MetricWeights = [0.5, 0.5] })["strategyOptions.metricWeights"][0]);
        Assert.Contains("finite and >= 0", Validate(new StrategyOptions { MetricWeights = [-1] })["strategyOptions.metricWeights"][0]);
        Assert.Contains("finite and >= 0", Validate(new StrategyOptions { MetricWeights = [double.NaN] })["strategyOptions.metricWeights"][0]);
        Assert.Contains("not all be 0", Validate(new StrategyOptions { MetricWeights = [0] })["strategyOptions.metricWeights"][0]);
        ObjectiveSpec[] two = [new() { Metric = "loss:d0" }, new() { Metric = "loss:d1" }];
        var study = StrategyTestKit.Study(3, "olmix", 1) with { Objectives = two, Objective = two[0] };
        Assert.Empty(Validate(new StrategyOptions { MetricWeights = [0.7, 0.3] }, study));
    }

    [Fact]
    public void Olmix_options_given_to_regmix_are_refused_by_name()
    {
        var errors = StudySpecValidator.Validate(StrategyTestKit.Study(3, "regmix", 1) with { StrategyOptions = new StrategyOptions { KlWeight = 0.1 } },
            ProposerCatalog.Names, ProposerCatalog.OptionsOf);
        Assert.Contains("does not use option 'klWeight'", Assert.Single(errors["strategyOptions.klWeight"]));
    }
}

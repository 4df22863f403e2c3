using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests;

/// <summary>Specs that were accepted and then failed (issue 14): each must be refused at submit, or work.</summary>
public sealed class StudySpecHardeningTests
{
    private static readonly StudySpec Valid = new()
    {
        Name = "ok",
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }, new DomainSpec { Name = "books" }],
        Budget = new BudgetSpec { Runs = 4 },
    };

    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    [Theory]
    [InlineData("web\n")]
    [InlineData("web\r\n")]
    public void A_trailing_newline_does_not_pass_the_domain_pattern(string name)
    {
        var spec = Valid with { Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = name }] };
        Assert.Contains("domains[1].name", Validate(spec).Keys);
    }

    [Theory]
    [InlineData("acc\n")]
    [InlineData("loss:web\n")]
    public void A_trailing_newline_does_not_pass_the_metric_pattern(string metric)
    {
        Assert.DoesNotMatch(StudySpecValidator.MetricNamePattern(), metric);
        var spec = Valid with { Executor = ExecutorNames.External, Objective = new ObjectiveSpec { Metric = metric } };
        Assert.Contains("objective.metric", Validate(spec).Keys);
    }

    [Theory]
    [InlineData("\u200B\u200B")]        // zero-width spaces
    [InlineData("\u200D\u2060\uFEFF")]  // joiner, word joiner, BOM
    [InlineData("\u3164")]              // Hangul filler
    [InlineData("   ")]
    [InlineData("a\u0000b")]
    [InlineData("tab\there")]
    public void A_name_that_shows_nothing_or_cannot_be_stored_is_refused(string name)
    {
        Assert.Contains("name", Validate(Valid with { Name = name }).Keys);
    }

    [Fact]
    public void A_name_with_an_unpaired_surrogate_is_refused()
    {
        // Built in code: attribute strings are stored as UTF-8, which cannot hold an unpaired surrogate.
        Assert.Contains("name", Validate(Valid with { Name = new string((char)0xD800, 1) + "x" }).Keys);
    }

    [Fact]
    public void Rung_names_and_models_must_be_storable_names()
    {
        var spec = Valid with { Fidelities = [new FidelitySpec { Name = "a\u0000", Model = "\u200B", Value = 1 }] };
        var errors = Validate(spec);
        Assert.Contains("fidelities[0].name", errors.Keys);
        Assert.Contains("fidelities[0].model", errors.Keys);
    }

    [Fact]
    public void An_unknown_builtin_model_is_refused_at_submit()
    {
        var spec = Valid with { Executor = ExecutorNames.Builtin, Fidelities = [new FidelitySpec { Name = "big", Model = "gpt-9000", Value = 1 }] };
        Assert.Contains("gpt-9000", string.Join(" ", Validate(spec)["fidelities[0].model"]));
        Assert.Empty(Validate(spec with { Fidelities = [new FidelitySpec { Name = "big", Model = "1M", Value = 1 }] }));
    }

    [Fact]
    public void Enormous_objective_weights_are_refused()
    {
        var spec = Valid with { Objective = new ObjectiveSpec { Weights = new Dictionary<string, double> { ["loss:web"] = 1e308, ["loss:code"] = 1 } } };
        Assert.Contains("objective.weights.loss:web", Validate(spec).Keys);
    }

    [Fact]
    public void Simulator_parameters_whose_losses_overflow_are_refused()
    {
        var spec = Valid with { Simulator = new SimulatorSpec { C = [1e308, 1e308, 1e308] } };
        Assert.Contains("simulator", Validate(spec).Keys);
        Assert.Contains("simulator", Validate(Valid with { Simulator = new SimulatorSpec { T = [[800, 0, 0], [0, 1, 0], [0, 0, 1]] } }).Keys);
    }

    [Fact]
    public void A_null_row_of_t_is_an_error_not_a_crash()
    {
        var spec = Valid with { Simulator = new SimulatorSpec { T = [[0, 0, 0], null!, [0, 0, 0]] } };
        Assert.Contains("simulator.t[1]", Validate(spec).Keys);
    }

    [Fact]
    public void An_oracle_with_t_all_zeros_is_valid_and_has_a_finite_optimum()
    {
        var zeros = new SimulatorSpec { T = [[0, 0, 0], [0, 0, 0], [0, 0, 0]] };
        var spec = Valid with { Simulator = zeros };
        Assert.Empty(Validate(spec));
        var oracle = MixingLawOracle.Create(zeros, 3, seed: 1);
        var (mixture, value) = oracle.Optimum(spec.Objective, spec.DomainNames);
        Assert.True(double.IsFinite(value), $"optimum value {value}");
        Assert.Equal(1.0, mixture.Weights.Sum(), 9);
    }

    [Fact]
    public void An_objective_that_overflows_from_finite_metrics_is_refused()
    {
        var metrics = new Dictionary<string, double> { ["loss:web"] = 1e308, ["loss:code"] = 1e308, ["loss:books"] = 1e308 };
        var e = Assert.Throws<ArgumentException>(() => new ObjectiveSpec().Score(metrics, ["web", "code", "books"]));
        Assert.Contains("finite", e.Message);
        Assert.Equal(2.0, new ObjectiveSpec().Score(new Dictionary<string, double> { ["loss:web"] = 1, ["loss:code"] = 2, ["loss:books"] = 3 }, ["web", "code", "books"]), 12);
    }

    [Fact]
    public void Candidates_that_would_need_gigabytes_at_once_are_refused()
    {
        var domains = Enumerable.Range(0, 64).Select(i => new DomainSpec { Name = $"d{i}" }).ToList();
        var spec = Valid with { Domains = domains, Strategy = "regmix", StrategyOptions = new StrategyOptions { Candidates = 10_000_000 } };
        Assert.Contains("strategyOptions.candidates", Validate(spec).Keys);
        Assert.DoesNotContain("strategyOptions.candidates", Validate(spec with { StrategyOptions = new StrategyOptions { Candidates = 1_000_000 } }).Keys);
    }
}

using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests;

public sealed class StudySpecValidatorTests
{
    private static readonly StudySpec Valid = new()
    {
        Name = "ok",
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }],
        Budget = new BudgetSpec { Runs = 4 },
    };

    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    [Fact]
    public void A_valid_spec_has_no_errors() => Assert.Empty(Validate(Valid));

    [Fact]
    public void Each_problem_is_reported_under_its_json_path()
    {
        var spec = Valid with
        {
            Name = "",
            Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "WEB" }, new DomainSpec { Name = "a b" }],
            Budget = new BudgetSpec { Runs = 0, Parallelism = 0 },
            Strategy = "nope",
            Executor = "nope",
            Objective = new ObjectiveSpec { Metric = "loss:missing", Direction = "sideways" },
        };
        var errors = Validate(spec);
        foreach (var key in new[] { "name", "domains[1].name", "domains[2].name", "budget.runs", "budget.parallelism", "strategy", "executor", "objective.metric", "objective.direction" })
            Assert.True(errors.ContainsKey(key), $"no error for {key}: {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void A_fidelity_ladder_needs_positive_distinct_values_and_costs()
    {
        var spec = Valid with { Fidelities = [new FidelitySpec { Value = 1, Cost = 0 }, new FidelitySpec { Value = 1, Cost = 1 }, new FidelitySpec { Value = double.NaN }] };
        var errors = Validate(spec);
        Assert.Contains("fidelities[0].cost", errors.Keys);
        Assert.Contains("fidelities[2].value", errors.Keys);
        Assert.Contains("fidelities", errors.Keys);
        Assert.Empty(Validate(Valid with { Fidelities = [new FidelitySpec { Value = 60, Cost = 1 }, new FidelitySpec { Value = 1, Cost = 1.0 / 60 }] }));
        Assert.Equal(60, (Valid with { Fidelities = [new FidelitySpec { Value = 60 }, new FidelitySpec { Value = 1 }] }).TargetFidelity.Value);
    }

    [Fact]
    public void Simulator_parameters_must_match_the_domains()
    {
        var spec = Valid with { Simulator = new SimulatorSpec { C = [1, 2, 3], K = [1, -1], NoiseStd = -1 } };
        var errors = Validate(spec);
        Assert.Contains("simulator.c", errors.Keys);
        Assert.Contains("simulator.k", errors.Keys);
        Assert.Contains("simulator.noiseStd", errors.Keys);
    }
}

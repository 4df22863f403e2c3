using System.Text.Json;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Studies;

public class StudySpecConstraintTests
{
    private static StudySpec Valid() => new()
    {
        Name = "s",
        Domains = [new DomainSpec { Name = "web", Tokens = 1000 }, new DomainSpec { Name = "code", Tokens = 100 }, new DomainSpec { Name = "math", Tokens = 10 }],
        Budget = new BudgetSpec { Runs = 10 },
        Fidelities = [new FidelitySpec { Value = 1, Cost = 1, Tokens = 1000 }],
    };

    private static IReadOnlyDictionary<string, string[]> Errors(StudySpec s) => StudySpecValidator.Validate(s, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    [Fact]
    public void Feasible_constraints_and_options_pass()
    {
        var spec = Valid() with
        {
            Constraints = new ConstraintsSpec { Min = new Dictionary<string, double> { ["web"] = 0.2 }, MaxEpochs = 4 },
            Strategy = "regmix",
            StrategyOptions = new StrategyOptions { Surrogate = "gp", TopK = 10 },
        };
        Assert.Empty(Errors(spec));
    }

    [Fact]
    public void Minimums_above_one_are_reported_under_constraints()
    {
        var spec = Valid() with { Constraints = new ConstraintsSpec { Min = new Dictionary<string, double> { ["web"] = 0.7, ["code"] = 0.6 } } };
        Assert.Contains("minimums sum", Assert.Single(Errors(spec)["constraints"]));
    }

    [Fact]
    public void Epoch_caps_no_mixture_meets_are_reported()
    {
        // 1 epoch of 1000 + 100 + 10 tokens cannot fill a 2000-token run.
        var spec = Valid() with
        {
            Fidelities = [new FidelitySpec { Value = 1, Cost = 1, Tokens = 2000 }],
            Constraints = new ConstraintsSpec { MaxEpochs = 1 },
        };
        Assert.Contains("epoch caps", Assert.Single(Errors(spec)["constraints"]));
    }

    [Fact]
    public void Unknown_domains_bad_bounds_and_bad_options_are_keyed_by_path()
    {
        var spec = Valid() with
        {
            Constraints = new ConstraintsSpec { Max = new Dictionary<string, double> { ["poetry"] = 0.5, ["web"] = 1.5 }, MaxEpochs = -1 },
            StrategyOptions = new StrategyOptions { Surrogate = "forest", TopK = 0, CvFolds = 1 },
        };
        var errors = Errors(spec);
        Assert.Contains("constraints.max.poetry", errors.Keys);
        Assert.Contains("constraints.max.web", errors.Keys);
        Assert.Contains("constraints.maxEpochs", errors.Keys);
        Assert.Contains("strategyOptions.surrogate", errors.Keys);
        Assert.Contains("strategyOptions.topK", errors.Keys);
        Assert.Contains("strategyOptions.cvFolds", errors.Keys);
    }

    [Fact]
    public void An_epoch_cap_without_token_counts_is_reported()
    {
        var spec = Valid() with { Fidelities = null, Constraints = new ConstraintsSpec { MaxEpochs = 2 } };
        Assert.Contains("token", Assert.Single(Errors(spec)["constraints"]));
    }

    [Fact]
    public void New_members_are_optional_and_round_trip_as_camel_case_json()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var spec = Valid() with
        {
            Constraints = new ConstraintsSpec { Min = new Dictionary<string, double> { ["web"] = 0.2 }, MaxEpochs = 3 },
            StrategyOptions = new StrategyOptions { TopK = 7 },
        };
        var json = JsonSerializer.Serialize(spec, options);
        Assert.Contains("\"maxEpochs\":3", json);
        var back = JsonSerializer.Deserialize<StudySpec>(json, options)!;
        Assert.Equal(0.2, back.Constraints!.Min!["web"]);
        Assert.Equal(7, back.StrategyOptions!.TopK);
        var minimal = JsonSerializer.Deserialize<StudySpec>("""{"name":"m","domains":[{"name":"a"},{"name":"b"}],"budget":{"runs":3}}""", options)!;
        Assert.Null(minimal.Constraints);
        Assert.Null(minimal.StrategyOptions);
    }
}

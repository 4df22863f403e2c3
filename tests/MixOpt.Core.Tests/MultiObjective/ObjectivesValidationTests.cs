using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class ObjectivesValidationTests
{
    private static readonly StudySpec Simulated = new()
    {
        Name = "two losses",
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }, new DomainSpec { Name = "books" }],
        Budget = new BudgetSpec { Runs = 8 },
        Strategy = "mobo",
        Objectives = [new ObjectiveSpec { Metric = "loss:web" }, new ObjectiveSpec { Metric = "loss:code" }],
    };

    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    private static ObjectiveSpec Metric(string name, string direction = "minimize") => new() { Metric = name, Direction = direction };

    [Fact]
    public void Two_known_metrics_are_valid_and_the_single_objective_becomes_the_first()
    {
        Assert.Empty(Validate(Simulated));
        var stored = Simulated.WithPrimaryObjective();
        Assert.Equal("loss:web", stored.Objective.Metric);
        Assert.Empty(Validate(stored)); // the stored spec, objective = objectives[0], stays valid
        Assert.True(stored.IsMultiObjective());
        Assert.Equal(["loss:web", "loss:code"], stored.ObjectiveNames());
    }

    [Fact]
    public void The_single_objective_is_a_list_of_one()
    {
        var single = Simulated with { Objectives = null, Objective = Metric("loss:code", "maximize") };
        Assert.Equal([false], single.Minimize());
        Assert.False(single.IsMultiObjective());
    }

    [Theory]
    [InlineData("objectives[1].metric", "loss:web")]       // duplicate
    [InlineData("objectives[1].metric", "loss:nowhere")]   // not a domain of this study
    [InlineData("objectives[1].metric", "accuracy")]       // the simulated oracle reports losses only
    public void Unknown_or_repeated_metrics_are_named(string key, string second)
    {
        var errors = Validate(Simulated with { Objectives = [Metric("loss:web"), Metric(second)] });
        Assert.True(errors.ContainsKey(key), string.Join("; ", errors.Keys));
    }

    [Fact]
    public void More_than_eight_objectives_weights_inside_and_bad_directions_are_refused()
    {
        var names = Enumerable.Range(0, 9).Select(i => "m" + i).ToArray();
        var external = Simulated with { Executor = ExecutorNames.External, Objectives = names.Select(n => Metric(n)).ToArray() };
        Assert.Contains("objectives", Validate(external).Keys);
        Assert.Empty(Validate(external with { Objectives = names.Take(8).Select(n => Metric(n)).ToArray() }));

        var errors = Validate(Simulated with { Objectives = [Metric("loss:web", "sideways"), new ObjectiveSpec { Metric = "loss:code", Weights = new Dictionary<string, double> { ["loss:web"] = 1 } }] });
        Assert.Contains("objectives[0].direction", errors.Keys);
        Assert.Contains("objectives[1].weights", errors.Keys);
        Assert.Contains("objectives", Validate(Simulated with { Objectives = [] }).Keys);
    }

    [Fact]
    public void Objective_and_objectives_must_not_disagree()
    {
        Assert.Contains("objective", Validate(Simulated with { Objective = Metric("loss:books") }).Keys);
    }

    [Fact]
    public void A_trade_off_names_only_objectives_and_parses()
    {
        var errors = Validate(Simulated with
        {
            TradeOff = new TradeOffSpec
            {
                Weights = new Dictionary<string, double> { ["loss:books"] = 1, ["loss:web"] = -1 },
                Constraints = ["loss:code < 2", "loss:books <= 3", "loss:web <= 2.5"],
            },
        });
        Assert.Contains("tradeOff.weights.loss:books", errors.Keys);
        Assert.Contains("tradeOff.weights.loss:web", errors.Keys);
        Assert.Contains("tradeOff.constraints[0]", errors.Keys);
        Assert.Contains("tradeOff.constraints[1]", errors.Keys);
        Assert.DoesNotContain("tradeOff.constraints[2]", errors.Keys);
        Assert.Contains("tradeOff", Validate(Simulated with { Objectives = null, TradeOff = new TradeOffSpec { Constraints = ["loss:web <= 2"] } }).Keys);
    }

    [Fact]
    public void A_constraint_the_oracle_cannot_meet_is_proved_infeasible()
    {
        var oracle = MixingLawOracle.Create(null, 3, 0);
        var least = oracle.Optimum(Metric("loss:code"), Simulated.DomainNames).Value;
        var most = oracle.Optimum(Metric("loss:code", "maximize"), Simulated.DomainNames).Value;
        string F(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var spec = Simulated with { TradeOff = new TradeOffSpec { Constraints = [$"loss:code <= {F(least - 0.01)}", $"loss:code >= {F(most + 0.01)}", $"loss:code <= {F(least + 0.01)}"] } };
        Assert.Empty(Validate(spec)); // each parses and names an objective
        var problems = TradeOffFeasibility.Problems(spec);
        Assert.Equal(["tradeOff.constraints[0]", "tradeOff.constraints[1]"], problems.Keys.Order());
        Assert.Contains("No mixture can meet", problems["tradeOff.constraints[0]"][0]);
        Assert.Empty(TradeOffFeasibility.Problems(spec with { Executor = ExecutorNames.External, Objectives = [Metric("loss:code"), Metric("loss:web")] }));
    }

    [Fact]
    public void Constraints_parse_both_ways()
    {
        var c = TradeOffConstraint.TryParse("loss:code <= 2.1", out _)!;
        Assert.Equal(("loss:code", true, 2.1), (c.Metric, c.AtMost, c.Bound));
        Assert.True(c.IsMetBy(2.1));
        Assert.False(c.IsMetBy(2.2));
        Assert.False(TradeOffConstraint.TryParse("acc >= 1e400", out _) is { } && true);
        Assert.Null(TradeOffConstraint.TryParse("acc = 3", out var problem));
        Assert.NotNull(problem);
    }
}

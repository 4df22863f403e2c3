using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Studies;

/// <summary>Spec additions of the REST API: cost budgets, weighted objectives, the external executor.</summary>
public sealed class StudySpecApiAdditionsTests
{
    private static readonly StudySpec Base = new()
    {
        Name = "api",
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }],
        Budget = new BudgetSpec { Runs = 4 },
    };

    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    [Fact]
    public void A_cost_budget_alone_caps_the_runs_at_what_it_pays_for_at_the_cheapest_rung()
    {
        var spec = Base with
        {
            Budget = new BudgetSpec { Cost = 10.5 },
            Fidelities = [new FidelitySpec { Value = 0.1, Cost = 2 }, new FidelitySpec { Value = 1, Cost = 8 }],
        };
        Assert.Empty(Validate(spec));
        Assert.Equal(5, spec.RunCap);
        Assert.Equal(3, (spec with { Budget = new BudgetSpec { Runs = 3, Cost = 10.5 } }).RunCap);
    }

    [Fact]
    public void A_budget_needs_runs_or_a_positive_cost()
    {
        Assert.Contains("budget.runs", Validate(Base with { Budget = new BudgetSpec() }).Keys);
        Assert.Contains("budget.cost", Validate(Base with { Budget = new BudgetSpec { Cost = -1 } }).Keys);
        Assert.Contains("budget.cost", Validate(Base with { Budget = new BudgetSpec { Cost = double.PositiveInfinity } }).Keys);
    }

    [Fact]
    public void A_weighted_objective_is_the_weighted_sum_of_its_metrics()
    {
        var objective = new ObjectiveSpec { Weights = new Dictionary<string, double> { ["loss:web"] = 0.75, ["loss:mean"] = 0.25 } };
        var metrics = new Dictionary<string, double> { ["loss:web"] = 2.0, ["loss:code"] = 4.0 };
        Assert.Equal(0.75 * 2.0 + 0.25 * 3.0, objective.Score(metrics, ["web", "code"]), 12);
        Assert.Empty(Validate(Base with { Objective = objective }));
        Assert.Throws<ArgumentException>(() => objective.Score(new Dictionary<string, double> { ["loss:web"] = 1 }, ["web", "code"]));
    }

    [Fact]
    public void External_studies_may_optimize_any_sanely_named_metric_and_others_only_losses()
    {
        var external = Base with { Executor = ExecutorNames.External, Objective = new ObjectiveSpec { Metric = "eval/hellaswag_acc", Direction = "maximize" } };
        Assert.Empty(Validate(external));
        Assert.Contains("objective.metric", Validate(external with { Executor = ExecutorNames.Simulated }).Keys);
        Assert.Contains("objective.metric", Validate(external with { Objective = new ObjectiveSpec { Metric = "has space" } }).Keys);
        Assert.True(external.IsExternal);
        var both = Base with { Objective = new ObjectiveSpec { Metric = "loss:web", Weights = new Dictionary<string, double> { ["loss:code"] = 1 } } };
        Assert.Contains("objective.metric", Validate(both).Keys);
    }
}

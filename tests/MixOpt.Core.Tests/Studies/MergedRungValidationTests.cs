using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Studies;

/// <summary>Submit-time checks of merged rungs: which studies they can serve, and the 400 naming why for the rest.</summary>
public sealed class MergedRungValidationTests
{
    private static readonly StudySpec Base = new()
    {
        Name = "merged",
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }],
        Budget = new BudgetSpec { Runs = 8 },
        Executor = ExecutorNames.Builtin,
        Strategy = "mfbo",
        Fidelities =
        [
            new FidelitySpec { Name = "merged", Model = "tiny", Kind = MergedRung.Kind, Value = 0.1, Cost = 0.05 },
            new FidelitySpec { Name = "tiny", Model = "tiny", Value = 1, Cost = 1 },
        ],
    };

    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    [Theory]
    [InlineData("mfbo")]
    [InlineData("auto")]
    [InlineData("bo")]
    [InlineData("random")]
    public void A_builtin_study_with_a_merged_cheapest_rung_is_valid_for_any_strategy(string strategy)
    {
        Assert.Empty(Validate(Base with { Strategy = strategy }));
        Assert.True(MergedRung.Is(Base.Fidelities![0]));
        Assert.False(MergedRung.Is(Base.Fidelities![1]));
    }

    [Theory]
    [InlineData(ExecutorNames.Simulated)]
    [InlineData(ExecutorNames.External)]
    public void A_merged_rung_off_the_builtin_executor_is_refused_naming_the_executor(string executor)
    {
        var errors = Validate(Base with { Executor = executor });
        var message = Assert.Single(errors["fidelities[0].kind"]);
        Assert.Contains("builtin", message);
        Assert.Contains(executor, message);
    }

    [Fact]
    public void A_merged_target_rung_is_refused()
    {
        var spec = Base with { Fidelities = [Base.Fidelities![1] with { Value = 0.1 }, Base.Fidelities[0] with { Value = 1 }] };
        Assert.Contains("target", Assert.Single(Validate(spec)["fidelities[1].kind"]));
        var alone = Base with { Fidelities = [Base.Fidelities[0]] };
        Assert.Contains("fidelities[0].kind", Validate(alone).Keys);
    }

    [Fact]
    public void An_unknown_rung_kind_is_refused_and_the_trained_kind_is_accepted()
    {
        Assert.Contains("merge", Assert.Single(Validate(Base with { Fidelities = [Base.Fidelities![0] with { Kind = "merge" }, Base.Fidelities[1]] })["fidelities[0].kind"]));
        Assert.Empty(Validate(Base with { Fidelities = [Base.Fidelities![0], Base.Fidelities[1] with { Kind = MergedRung.TrainedKind }] }));
    }
}

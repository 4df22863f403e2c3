using MixOpt.Core.Studies;

namespace MixOpt.Embedded.Demo;

/// <summary>
/// The run command's second demo: real proxy training (the builtin TorchSharp executor, tiny shape, CPU) on the
/// demo corpus built from text every Debian machine has, optimized with Bayesian optimization.
/// </summary>
public static class DemoTrainingStudy
{
    public const string Name = "demo: proxy training on the demo corpus (builtin)";

    public static StudySpec Create(IReadOnlyList<string> domains) => new()
    {
        Name = Name,
        Domains = domains.Select(d => new DomainSpec { Name = d }).ToArray(),
        Executor = ExecutorNames.Builtin,
        Fidelities = [new FidelitySpec { Name = "tiny", Model = "tiny", Value = 1, Cost = 1 }],
        Budget = new BudgetSpec { Runs = 12, Parallelism = 1 },
        Strategy = "bo",
        Seed = 42,
    };
}

using MixOpt.Core.Studies;
using MixOpt.Training.Corpus;

namespace MixOpt.Embedded.Demo;

/// <summary>
/// The run command's second demo: real proxy training (the builtin TorchSharp executor, tiny shape, CPU) on the
/// demo corpus built from text every Debian machine has, optimized with Bayesian optimization. It trains on the
/// few, strongly different domains of <see cref="DemoTrainingShape"/> (run.sh sets its step count) so that runs
/// differ by their mixture more than by their seed, and its surrogates and recommendation mean something.
/// </summary>
public static class DemoTrainingStudy
{
    public const string Name = "demo: proxy training on the demo corpus (builtin)";

    /// <summary>Runs of the demo: enough for the closing cross-validation to rank mixtures over three domains.</summary>
    public const int Runs = 16;

    /// <param name="prepared">The demo corpus domains prepared on this machine; the study takes <see cref="DemoTrainingShape.Pick"/> of them.</param>
    public static StudySpec Create(IReadOnlyList<string> prepared) => new()
    {
        Name = Name,
        Domains = DemoTrainingShape.Pick(prepared).Select(d => new DomainSpec { Name = d }).ToArray(),
        Executor = ExecutorNames.Builtin,
        Fidelities = [new FidelitySpec { Name = "tiny", Model = "tiny", Value = 1, Cost = 1 }],
        Budget = new BudgetSpec { Runs = Runs, Parallelism = 1 },
        Strategy = "bo",
        Seed = 42,
    };
}

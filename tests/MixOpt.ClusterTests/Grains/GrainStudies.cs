using MixOpt.Core.Studies;

namespace MixOpt.ClusterTests.Grains;

/// <summary>Study specs for the grain tests: simulated (executed by the silo's slots) or external (leased by the test).</summary>
public static class GrainStudies
{
    public static StudySpec Simulated(string name, int runs, int parallelism = 2, double runSeconds = 0) => new()
    {
        Name = name,
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }, new DomainSpec { Name = "books" }],
        Budget = new BudgetSpec { Runs = runs, Parallelism = parallelism },
        Strategy = "random",
        Executor = ExecutorNames.Simulated,
        Simulator = new SimulatorSpec { RunSeconds = runSeconds },
        Seed = 7,
    };

    public static StudySpec External(string name, int runs, int parallelism = 2) =>
        Simulated(name, runs, parallelism) with { Executor = ExecutorNames.External, Simulator = null };

    public static Dictionary<string, double> Losses(double loss) => new() { ["loss:web"] = loss, ["loss:code"] = loss, ["loss:books"] = loss };
}

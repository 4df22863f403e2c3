using MixOpt.Core.Studies;

namespace MixOpt.Embedded.Demo;

/// <summary>The study the run command starts: five domains on the simulated mixing-law oracle.</summary>
public static class DemoStudy
{
    public const string Name = "demo: five-domain mixture (simulated)";

    public static StudySpec Spec { get; } = new()
    {
        Name = Name,
        Domains = new[] { "web", "code", "books", "math", "papers" }.Select(d => new DomainSpec { Name = d }).ToArray(),
        Budget = new BudgetSpec { Runs = 24, Parallelism = 4 },
        Strategy = "random",
        Seed = 42,
        // Slow enough to watch the runs move on the dashboard.
        Simulator = new SimulatorSpec { RunSeconds = 0.5 },
    };

    /// <summary>
    /// The same oracle (same seed, so the same simulator and true optimum) and budget under the default strategy: the
    /// demo opens both in the compare view, which answers "is this better than random search?".
    /// </summary>
    public static StudySpec DefaultStrategySpec { get; } = Spec with { Name = "demo: five-domain mixture (simulated, default strategy)", Strategy = StudySpec.DefaultStrategy };
}

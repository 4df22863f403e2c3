namespace MixOpt.Training.Corpus;

/// <summary>
/// The shape of the run command's proxy-training demo, shared by the demo study (web/MixOpt.Embedded) and
/// <c>mixopt bench demo</c>, which measures it: few domains whose text differs strongly (English licence prose,
/// C headers, XML API docs) and enough steps that a run's loss reflects its mixture more than its seed.
/// The figures behind this choice are in docs/BENCHMARKS.md ("Builtin demo: spread vs noise").
/// </summary>
public static class DemoTrainingShape
{
    /// <summary>The demo corpus domains the study trains on (<see cref="DemoCorpus.Candidates"/> names); three, so the dashboard draws its ternary plot.</summary>
    public static IReadOnlyList<string> Domains { get; } = ["legal", "c-headers", "dotnet-docs"];

    /// <summary>Training steps per run (run.sh passes the same number as <c>--Training:Steps</c>).</summary>
    public const int Steps = 1500;

    /// <summary>
    /// The domains to train on among those prepared on this machine: <see cref="Domains"/> where all are there,
    /// else the first three available (a machine without one of the sources still gets a demo).
    /// </summary>
    public static IReadOnlyList<string> Pick(IReadOnlyList<string> available)
    {
        var preferred = Domains.Where(available.Contains).ToArray();
        return preferred.Length == Domains.Count ? preferred : available.Take(Domains.Count).ToArray();
    }
}

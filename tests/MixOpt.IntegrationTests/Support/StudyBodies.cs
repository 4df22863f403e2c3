namespace MixOpt.IntegrationTests.Support;

/// <summary>Study request bodies as a client would send them (plain JSON objects, not the server's types).</summary>
public static class StudyBodies
{
    public static object Simulated(string name, int runs, int seed, double runSeconds = 0.05, int parallelism = 4, int domains = 5, string[]? names = null) => new
    {
        name,
        domains = (names ?? Enumerable.Range(0, domains).Select(i => $"domain{i}").ToArray()).Select(d => new { name = d }).ToArray(),
        budget = new { runs, parallelism },
        strategy = "random",
        seed,
        simulator = new { runSeconds },
    };
}

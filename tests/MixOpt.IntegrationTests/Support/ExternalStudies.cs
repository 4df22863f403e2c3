namespace MixOpt.IntegrationTests.Support;

/// <summary>Specs of studies driven by an external trainer over REST, and the losses a fake trainer reports.</summary>
public static class ExternalStudies
{
    public static readonly string[] Domains = ["web", "code", "books"];

    public static object Spec(string name, int runs, int parallelism = 2, double? cost = null, string strategy = "random") => new
    {
        name,
        domains = Domains.Select(d => new { name = d, tokens = 1_000_000 }).ToArray(),
        objective = new { metric = "loss:mean", direction = "minimize" },
        fidelities = new[] { new { name = "small", value = 0.25, cost = 1.0 }, new { name = "target", value = 1.0, cost = 4.0 } },
        budget = new { runs, cost, parallelism },
        strategy,
        executor = "external",
        seed = 3,
    };

    /// <summary>A made-up loss landscape: best near web 0.5 / code 0.3 / books 0.2, a little worse at the small rung.</summary>
    public static Dictionary<string, double> Losses(IReadOnlyDictionary<string, double> mixture, double fidelity)
    {
        double[] ideal = [0.5, 0.3, 0.2];
        var distance = Domains.Select((d, i) => Math.Pow(mixture[d] - ideal[i], 2)).Sum();
        return Domains.Select((d, i) => (d, loss: 2.5 + i * 0.3 + 3 * distance + 0.2 * (1 - fidelity)))
            .ToDictionary(p => "loss:" + p.d, p => p.loss);
    }
}

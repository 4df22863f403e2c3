using System.Text.Json;
using System.Text.Json.Nodes;

namespace MixOpt.Cli.Bench;

/// <summary>
/// scikit-learn's HistGradientBoostingRegressor and GaussianProcessRegressor on the same split
/// (Peers/sklearn_surrogates.py), scored by the same C# code as the engine's surrogates.
/// </summary>
public static class SklearnSurrogatePeer
{
    public static readonly IReadOnlyDictionary<string, string> Models = new Dictionary<string, string>
    {
        ["hgb"] = "sklearn-hist-gradient-boosting",
        ["gp"] = "sklearn-gaussian-process",
    };

    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string> { ["sklearn"] = "python3-sklearn" };

    public static async Task<IReadOnlyList<SurrogateRun>> RunAsync(SurrogateSplit split, CancellationToken ct)
    {
        double[] Features(double[] w, double fidelity) => split.MultiFidelity ? [.. w, Math.Log(fidelity)] : w;
        var request = new JsonObject
        {
            ["models"] = new JsonArray(Models.Keys.Select(k => (JsonNode)k).ToArray()),
            ["jobs"] = new JsonArray(split.Jobs.Select(job => (JsonNode)new JsonObject
            {
                ["seed"] = job.Seed,
                ["train_x"] = JsonSerializer.SerializeToNode(job.X.Select((x, i) => Features(x, job.Fidelity[i])).ToArray()),
                ["train_y"] = JsonSerializer.SerializeToNode(job.Y),
                ["tests"] = JsonSerializer.SerializeToNode(split.Groups.Select(g => g.X.Select(x => Features(x, g.PredictFidelity)).ToArray()).ToArray()),
            }).ToArray()),
        };
        await Commands.PythonPeer.EnsureModulesAsync(Packages, ct);
        var output = await Commands.PythonPeer.RunScriptAsync("sklearn_surrogates.py", [], request.ToJsonString(), ct);
        var reply = JsonNode.Parse(output) ?? throw new Commands.CliException("sklearn_surrogates.py printed nothing.");
        Console.WriteLine($"peer scikit-learn {reply["version"]}: seeds {reply["seeds"]!.ToJsonString()}");

        var runs = new List<SurrogateRun>();
        foreach (var (key, name) in Models)
        {
            var jobs = reply["results"]![key]!.AsArray();
            var perGroup = split.Groups.Select(_ => new List<(double, SurrogateScore)>()).ToArray();
            var first = new double[split.Groups.Count][];
            foreach (var job in jobs)
            {
                var fitS = job!["fit_s"]!.GetValue<double>();
                var predictS = job["predict_s"]!.Deserialize<double[]>()!;
                var predictions = job["predictions"]!.Deserialize<double[][]>()!;
                for (var g = 0; g < split.Groups.Count; g++)
                {
                    perGroup[g].Add((fitS, SurrogateScore.Of(split.Groups[g].Y, predictions[g], predictS[g])));
                    first[g] ??= predictions[g];
                }
            }
            runs.Add(new SurrogateRun(name, true, perGroup, first));
        }
        return runs;
    }
}

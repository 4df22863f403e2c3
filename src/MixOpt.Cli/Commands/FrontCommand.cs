using System.CommandLine;
using System.Text.Json;

namespace MixOpt.Cli.Commands;

/// <summary><c>mixopt front ID</c>: a study's Pareto front (its non-dominated runs at the target rung), one run a line.</summary>
public static class FrontCommand
{
    public static Command Create()
    {
        var connection = new ClientConnection();
        var output = StudiesOutput.Option();
        var id = new Argument<string>("id") { Description = "The study's id (a UUID)." };
        var command = new Command("front", "Print a study's Pareto front: each non-dominated run with every objective's value and its mixture.") { id, output };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            return connection.RunAsync(parse, ct, async client =>
            {
                var answer = await client.GetJsonAsync($"api/studies/{studyId}/front", ct);
                if (StudiesOutput.IsJson(parse, output)) StudiesOutput.PrintJson(answer);
                else Print(answer);
                return 0;
            });
        });
        return connection.AddTo(command);
    }

    private static void Print(JsonElement view)
    {
        var objectives = view.GetProperty("objectives").EnumerateArray()
            .Select(o => (Metric: o.GetProperty("metric").GetString()!, Direction: o.GetProperty("direction").GetString()!)).ToArray();
        var front = view.GetProperty("front").EnumerateArray().ToArray();
        var dominated = view.GetProperty("dominated").GetArrayLength();
        Console.WriteLine($"Pareto front: {front.Length} of {front.Length + dominated} runs at the target rung; objectives "
            + string.Join(", ", objectives.Select(o => $"{o.Metric} ({o.Direction})")));
        Console.WriteLine(string.Join("  ", new[] { "ordinal" }.Concat(objectives.Select(o => o.Metric)).Append("mixture")));
        foreach (var p in front.OrderBy(p => p.GetProperty("values").GetProperty(objectives[0].Metric).GetDouble()))
        {
            var values = objectives.Select(o => StudiesOutput.Number(p.GetProperty("values").GetProperty(o.Metric).GetDouble()));
            var mixture = p.GetProperty("mixture").EnumerateObject().ToDictionary(w => w.Name, w => w.Value.GetDouble());
            Console.WriteLine(string.Join("  ", new[] { p.GetProperty("ordinal").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(values).Append(StudiesOutput.Mixture(mixture))));
        }
    }
}

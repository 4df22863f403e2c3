using System.CommandLine;
using System.Text.Json;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary><c>mixopt recommend ID</c>: the mixture a study recommends now (final once it completed), ± its std dev.</summary>
public static class RecommendCommand
{
    public static Command Create()
    {
        var connection = new ClientConnection();
        var output = StudiesOutput.Option();
        var id = new Argument<string>("id") { Description = "The study's id (a UUID)." };
        var command = new Command("recommend", "Print a study's recommended mixture at the target fidelity (409 until a run succeeded).") { id, output };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            return connection.RunAsync(parse, ct, async client =>
            {
                // Read raw so that a 409 (nothing to recommend yet) prints the server's own words.
                var answer = await client.GetJsonAsync($"api/studies/{studyId}/recommendation", ct);
                if (StudiesOutput.IsJson(parse, output)) StudiesOutput.PrintJson(answer);
                else StudiesOutput.PrintRecommendation(answer.Deserialize<Recommendation>(StudiesOutput.Json)!);
                return 0;
            });
        });
        return connection.AddTo(command);
    }
}

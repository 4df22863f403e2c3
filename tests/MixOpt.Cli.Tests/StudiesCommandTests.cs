using System.Text.Json;
using System.Text.RegularExpressions;
using MixOpt.Client;

namespace MixOpt.Cli.Tests;

/// <summary>
/// <c>mixopt studies ...</c> and <c>mixopt recommend</c> as separate processes against a real web host: submit and
/// watch a simulated study, steer an external one through every subcommand, and the error lines.
/// </summary>
[Collection(WebServiceCollection.Name)]
public sealed partial class StudiesCommandTests(WebServiceHost host) : IClassFixture<WebServiceHost>, IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// The connection comes only from --url/--key: the environment's and a profile's are kept out (a profile path
    /// that does not exist), so the tests do not depend on who runs them.
    /// </summary>
    private CliProcess.Result Mixopt(params string[] args) =>
        CliProcess.RunWith(Clean(_files.Path("no-profile.json")), [.. args, "--url", host.Address.ToString(), "--key", WebServiceHost.AdminKey]);

    public static Dictionary<string, string?> Clean(string profile) => new()
    {
        ["MIXOPT_URL"] = null, ["MIXOPT_KEY"] = null, ["MIXOPT_PROFILE"] = profile,
    };

    private const string SimulatedYaml = """
        name: cli-watch
        domains: [{name: web}, {name: code}, {name: books}]
        budget: {runs: 6, parallelism: 3}
        strategy: random
        seed: 5
        simulator: {runSeconds: 0.02}
        """;

    [Fact]
    public async Task Create_with_watch_follows_a_simulated_study_and_ends_with_its_recommendation()
    {
        var spec = _files.Path("study.yaml");
        File.WriteAllText(spec, SimulatedYaml);

        var result = Mixopt("studies", "create", "-f", spec, "--watch", "--interval", "0.2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = Guid.Parse(CreatedLine().Match(result.StdOut).Groups[1].Value);
        var study = await host.Client.GetStudyAsync(id);
        Assert.Equal("Completed", study.Status);
        Assert.Equal(6, study.RunsSucceeded);
        // Output is a pipe here, so the progress is plain lines; the last one says where the study ended.
        Assert.Contains($"Study {id} Completed: 6 succeeded, 0 failed, 0 pending of 6", result.StdOut);
        Assert.Contains("Recommended mixture (final", result.StdOut);
        var recommendation = await host.Client.GetRecommendationAsync(id);
        Assert.Contains($"Predicted objective {recommendation!.Predicted.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}", result.StdOut);
    }

    [Fact]
    public async Task Watch_with_json_output_prints_one_document_with_the_study_and_its_recommendation()
    {
        var spec = _files.Path("study.yaml");
        File.WriteAllText(spec, SimulatedYaml.Replace("cli-watch", "cli-watch-json"));
        var created = Mixopt("studies", "create", "-f", spec, "--output", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("id").GetGuid();

        var watched = Mixopt("studies", "watch", id.ToString(), "--output", "json", "--interval", "0.2");

        Assert.True(watched.ExitCode == 0, watched.ToString());
        using var document = JsonDocument.Parse(watched.StdOut);
        Assert.Equal("Completed", document.RootElement.GetProperty("study").GetProperty("status").GetString());
        Assert.Equal(6, document.RootElement.GetProperty("study").GetProperty("runs").GetArrayLength());
        var mixture = document.RootElement.GetProperty("recommendation").GetProperty("mixture");
        Assert.Equal(["web", "code", "books"], mixture.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0, mixture.EnumerateObject().Sum(p => p.Value.GetDouble()), 6);
    }

    [Fact]
    public async Task Every_subcommand_steers_an_external_study_as_the_api_does()
    {
        var spec = _files.Path("external.json");
        File.WriteAllText(spec, """
            {"name": "cli-steer", "domains": [{"name": "web"}, {"name": "code"}], "budget": {"runs": 4, "parallelism": 2},
             "strategy": "random", "executor": "external", "seed": 9}
            """);
        var created = Mixopt("studies", "create", "-f", spec);
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Guid.Parse(CreatedLine().Match(created.StdOut).Groups[1].Value);
        var text = id.ToString();

        var list = Mixopt("studies", "list", "--name", "cli-steer");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(text, list.StdOut);
        var listJson = Mixopt("studies", "list", "--output", "json", "--name", "cli-steer");
        Assert.Equal(id, Assert.Single(JsonDocument.Parse(listJson.StdOut).RootElement.EnumerateArray()).GetProperty("id").GetGuid());

        Assert.Contains($"Study {id} is Paused.", Mixopt("studies", "pause", text).StdOut);
        Assert.Equal("Paused", (await host.Client.GetStudyAsync(id)).Status);
        Assert.Contains($"Study {id} is Running.", Mixopt("studies", "resume", text).StdOut);

        var extended = Mixopt("studies", "extend", text, "--runs", "9");
        Assert.True(extended.ExitCode == 0, extended.ToString());
        Assert.Equal(9, (await host.Client.GetStudyAsync(id)).RunBudget);

        // One result from "elsewhere", so the study has something to export and to recommend.
        await host.Client.RecordRunAsync(id, new Dictionary<string, double> { ["web"] = 0.7, ["code"] = 0.3 },
            new Dictionary<string, double> { ["loss:web"] = 3.0, ["loss:code"] = 2.0 });
        var show = Mixopt("studies", "show", text);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Best     2.5 at web 0.700  code 0.300", show.StdOut);
        var recommend = Mixopt("recommend", text, "--output", "json");
        Assert.True(recommend.ExitCode == 0, recommend.ToString());
        Assert.Equal(0.7, JsonDocument.Parse(recommend.StdOut).RootElement.GetProperty("mixture").GetProperty("web").GetDouble(), 9);

        var csv = _files.Path("export.csv");
        var export = Mixopt("studies", "export", text, "--out", csv);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(await host.Client.ExportAsync(id), File.ReadAllText(csv));
        Assert.Contains("w:web", File.ReadAllText(csv));

        Assert.Contains($"Study {id} is Cancelled.", Mixopt("studies", "cancel", text).StdOut);
        var refused = Mixopt("studies", "delete", text);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("pass --yes", refused.StdErr);
        Assert.Contains($"Deleted study {id}.", Mixopt("studies", "delete", text, "--yes").StdOut);
        var gone = await Assert.ThrowsAsync<MixOptApiException>(() => host.Client.GetStudyAsync(id));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task A_bad_spec_prints_the_problem_field_by_field_and_writes_nothing()
    {
        var before = await host.Database.CountAsync("SELECT count(*) FROM studies");
        var spec = _files.Path("bad.yaml");
        File.WriteAllText(spec, "name: bad\ndomains: [{name: web}]\nbudget: {runs: 0}\n");

        var result = Mixopt("studies", "create", "-f", spec);

        Assert.Equal(1, result.ExitCode);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("mixopt: 400 ", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.StartsWith("  budget.runs: ", StringComparison.Ordinal));
        Assert.Contains(lines.Skip(1), l => l.StartsWith("  domains: ", StringComparison.Ordinal));
        Assert.Equal("", result.StdOut);
        Assert.Equal(before, await host.Database.CountAsync("SELECT count(*) FROM studies"));
    }

    [Fact]
    public void Unknown_studies_bad_ids_wrong_keys_and_unreachable_servers_are_one_line_each()
    {
        var missing = Guid.NewGuid();
        var unknown = Mixopt("studies", "show", missing.ToString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("mixopt: 404 ", Assert.Single(unknown.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        var badId = Mixopt("recommend", "not-a-uuid");
        Assert.Equal(1, badId.ExitCode);
        Assert.StartsWith("mixopt: 'not-a-uuid' is not a study id", Assert.Single(badId.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        var wrongKey = CliProcess.RunWith(Clean(_files.Path("none.json")), "studies", "list", "--url", host.Address.ToString(), "--key", "mxo_000000000000_nope");
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.StartsWith("mixopt: 401 ", Assert.Single(wrongKey.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var unreachable = CliProcess.RunWith(Clean(_files.Path("none.json")), "studies", "list", "--url", "http://127.0.0.1:1", "--key", "k");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith("mixopt: cannot reach http://127.0.0.1:1/", Assert.Single(unreachable.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        var nothing = CliProcess.RunWith(Clean(_files.Path("none.json")), "studies", "list");
        Assert.Equal(1, nothing.ExitCode);
        Assert.Equal("mixopt: no server: pass --url, set MIXOPT_URL, or run `mixopt login --url URL`.", nothing.StdErr.Trim());
    }

    [GeneratedRegex(@"Created study ([0-9a-f-]{36})")]
    private static partial Regex CreatedLine();
}

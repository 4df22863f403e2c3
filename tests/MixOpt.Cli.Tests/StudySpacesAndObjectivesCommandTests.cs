using System.Text.Json;
using System.Text.RegularExpressions;

namespace MixOpt.Cli.Tests;

/// <summary>
/// Issue 20 from the command line against a real web host: bad groups, objectives, trade-offs and olmix options are
/// refused by <c>studies create</c> naming the field, with nothing written; a two-objective study's front
/// (<c>mixopt front</c>) and its Pareto-set recommendation with predictions ± sd (<c>mixopt recommend</c>).
/// </summary>
[Collection(WebServiceCollection.Name)]
public sealed partial class StudySpacesAndObjectivesCommandTests(WebServiceHost host) : IClassFixture<WebServiceHost>, IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    private CliProcess.Result Mixopt(params string[] args) =>
        CliProcess.RunWith(StudiesCommandTests.Clean(_files.Path("no-profile.json")), [.. args, "--url", host.Address.ToString(), "--key", WebServiceHost.AdminKey]);

    private const string Buckets = "[{name: code/q1, tokens: 100}, {name: code/q2, tokens: 100}, {name: web/q1, tokens: 100}, {name: web/q2, tokens: 100}]";
    private const string Three = "[{name: web}, {name: code}, {name: books}]";

    [Theory]
    [InlineData("groups that leave a domain out", $"domains: {Buckets}\ngroups: [{{name: code, domains: [code/q1, code/q2]}}]", "groups")]
    [InlineData("buckets without token counts", "domains: [{name: code/q1}, {name: code/q2}]\ngroups: [{name: code, domains: [code/q1, code/q2]}]", "domains")]
    [InlineData("an objective naming an unknown metric", $"domains: {Three}\nobjectives: [{{metric: \"loss:web\"}}, {{metric: \"loss:nowhere\"}}]", "objectives[1].metric")]
    [InlineData("a trade-off no mixture can meet", $"domains: {Three}\nobjectives: [{{metric: \"loss:web\"}}, {{metric: \"loss:code\"}}]\ntradeOff: {{constraints: [\"loss:code <= -5\"]}}", "tradeOff.constraints[0]")]
    [InlineData("a negative KL weight for olmix", $"domains: {Three}\nstrategy: olmix\nstrategyOptions: {{klWeight: -1}}", "strategyOptions.klWeight")]
    public async Task A_bad_issue_20_spec_is_a_400_naming_the_field_and_writes_nothing(string why, string members, string field)
    {
        var before = await host.Database.CountAsync("SELECT count(*) FROM studies");
        var spec = _files.Path("bad.yaml");
        File.WriteAllText(spec, $"name: bad\nbudget: {{runs: 4}}\n{members}\n");

        var result = Mixopt("studies", "create", "-f", spec);

        Assert.True(result.ExitCode == 1, $"{why}: {result}");
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("mixopt: 400 ", lines[0]);
        Assert.True(lines.Skip(1).Any(l => l.StartsWith($"  {field}: ", StringComparison.Ordinal)), $"{why}: no line for '{field}' in\n{result.StdErr}");
        Assert.Equal("", result.StdOut);
        Assert.Equal(before, await host.Database.CountAsync("SELECT count(*) FROM studies"));
    }

    [Fact]
    public async Task A_two_objective_study_prints_its_front_and_its_pareto_set_with_predictions()
    {
        var spec = _files.Path("two.yaml");
        File.WriteAllText(spec, """
            name: cli-two-objectives
            domains: [{name: web}, {name: code}, {name: books}]
            objectives: [{metric: "loss:web"}, {metric: "loss:code"}]
            budget: {runs: 8, parallelism: 4}
            strategy: random
            seed: 6
            simulator: {runSeconds: 0.02}
            """);
        var created = Mixopt("studies", "create", "-f", spec, "--watch", "--interval", "0.2");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Guid.Parse(CreatedLine().Match(created.StdOut).Groups[1].Value);

        var json = Mixopt("front", id.ToString(), "--output", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var view = JsonDocument.Parse(json.StdOut);
        var front = view.RootElement.GetProperty("front").GetArrayLength();
        var dominated = view.RootElement.GetProperty("dominated").GetArrayLength();
        Assert.Equal(8, front + dominated);
        var text = Mixopt("front", id.ToString());
        Assert.True(text.ExitCode == 0, text.ToString());
        var lines = text.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Pareto front: {front} of 8 runs at the target rung; objectives loss:web (minimize), loss:code (minimize)", lines[0]);
        Assert.Equal(front, lines.Length - 2); // a header line, a column line, then one line per front run

        var recommendation = await host.Client.GetRecommendationAsync(id);
        var set = recommendation!.Front!;
        Assert.NotEmpty(set);
        var recommend = Mixopt("recommend", id.ToString());
        Assert.True(recommend.ExitCode == 0, recommend.ToString());
        Assert.Contains($"Pareto set ({set.Count} mixtures; predicted ± sd per objective):", recommend.StdOut);
        var first = set[0];
        foreach (var metric in new[] { "loss:web", "loss:code" })
            Assert.Contains($"{metric} {Number(first.Predicted[metric])} ± {Number(first.StdDev[metric])}", recommend.StdOut);
    }

    private static string Number(double x) => x.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Created study ([0-9a-f-]{36})")]
    private static partial Regex CreatedLine();
}

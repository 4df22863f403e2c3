using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt campaigns create -f campaign.yaml | list | show ID | history ID | pause ID | resume ID | trigger ID</c>: a
/// REST client of a running service, connected like every client command (<see cref="ClientConnection"/>: <c>--url</c>/<c>--key</c>,
/// <c>MIXOPT_URL</c>/<c>MIXOPT_KEY</c>, or the profile of <c>mixopt login</c>) and printing JSON with <c>--output json</c>.
/// </summary>
public static class CampaignsCommand
{
    public static Command Create()
    {
        var connection = new ClientConnection();
        var file = new Option<FileInfo>("--file", "-f") { Description = "The campaign as YAML or JSON (the body of POST /api/campaigns).", Required = true };
        var json = StudiesOutput.Option();
        json.Recursive = true;
        Argument<string> Id() => new("id") { Description = "The campaign's id." };

        var create = new Command("create", "Create a campaign from a YAML or JSON file.") { file };
        create.SetAction((parse, ct) => RunAsync(parse, ct, connection, json, async c =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException($"no campaign file '{path.FullName}'.");
            var campaign = await c.CreateAsync(await File.ReadAllTextAsync(path.FullName, ct), ct);
            return (campaign, $"Created campaign {campaign.GetProperty("id")} ({campaign.GetProperty("name")})\n" + Summary(campaign));
        }));
        var list = new Command("list", "List campaigns, newest first.");
        list.SetAction((parse, ct) => RunAsync(parse, ct, connection, json, async c =>
        {
            var page = await c.ListAsync(ct: ct);
            return (page, string.Join("\n", page.EnumerateArray().Select(x =>
                $"{x.GetProperty("id")}  {x.GetProperty("state"),-7} {x.GetProperty("action"),-9} {x.GetProperty("cron"),-18} {x.GetProperty("timeZone"),-16} {x.GetProperty("firings"),4} firings  {x.GetProperty("name")}")));
        }));
        Command WithId(string name, string description, Func<CampaignsClient, Guid, CancellationToken, Task<(JsonElement, string)>> act)
        {
            var id = Id();
            var command = new Command(name, description) { id };
            command.SetAction((parse, ct) => RunAsync(parse, ct, connection, json, c =>
                act(c, Guid.TryParse(parse.GetValue(id), out var g) ? g : throw new CliException($"'{parse.GetValue(id)}' is not a campaign id (a UUID)."), ct)));
            return command;
        }
        var show = WithId("show", "Show a campaign: state, schedule, next firings in its time zone, best objective.", async (c, id, ct) =>
        {
            var campaign = await c.GetAsync(id, ct);
            return (campaign, Summary(campaign));
        });
        var history = WithId("history", "A campaign's firings, newest first: instant, state, study, best objective, cost.", async (c, id, ct) =>
        {
            var firings = await c.FiringsAsync(id, ct: ct);
            return (firings, string.Join("\n", firings.EnumerateArray().Select(f =>
                $"{f.GetProperty("instantLocal")}  {f.GetProperty("trigger"),-8} {f.GetProperty("state"),-9} {Text(f, "studyId"),-36}  best {Number(f, "bestObjective"),-10} cost {Number(f, "costSpent"),-8}{(f.TryGetProperty("fullRecomputationCost", out var full) ? $" of {full.GetDouble().ToString("G6", CultureInfo.InvariantCulture)}" : "")}  {Text(f, "outcome")}")));
        });
        var pause = WithId("pause", "Pause a campaign (no instant fires until it is resumed).", async (c, id, ct) => Changed(await c.PauseAsync(id, ct)));
        var resume = WithId("resume", "Resume a paused campaign (its schedule starts again from now).", async (c, id, ct) => Changed(await c.ResumeAsync(id, ct)));
        var trigger = WithId("trigger", "Fire a campaign now.", async (c, id, ct) =>
        {
            var firing = await c.TriggerAsync(id, ct);
            return (firing, $"Fired at {firing.GetProperty("instantLocal")}: {firing.GetProperty("state")} {Text(firing, "outcome")}");
        });
        return connection.AddTo(new Command("campaigns", "Scheduled sweep campaigns on a running service (REST).") { json, create, list, show, history, pause, resume, trigger });
    }

    private static (JsonElement, string) Changed(JsonElement campaign) => (campaign, $"Campaign {campaign.GetProperty("id")} is {campaign.GetProperty("state")}.");

    private static string Summary(JsonElement c)
    {
        var next = c.GetProperty("nextFirings").EnumerateArray().Select(n => n.GetProperty("local").GetString()).ToList();
        return $"{c.GetProperty("name")}: {c.GetProperty("state")}{(c.TryGetProperty("pauseReason", out var r) ? $" ({r.GetString()})" : "")}, action {c.GetProperty("action")}, " +
               $"cron '{c.GetProperty("cron")}' in {c.GetProperty("timeZone")}, {c.GetProperty("firings")} firings, best objective {Number(c, "bestObjective")}\n" +
               (next.Count > 0 ? "next: " + string.Join(", ", next) : "next: none");
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-";

    private static string Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("G6", CultureInfo.InvariantCulture) : "-";

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, ClientConnection connection, Option<string> output,
        Func<CampaignsClient, Task<(JsonElement Answer, string Text)>> act)
    {
        var (url, key) = connection.Resolve(parse);
        using var http = ClientConnection.Http(url);
        return await ClientConnection.Guard(url, ct, async () =>
        {
            var (answer, text) = await act(new CampaignsClient(http, key));
            if (StudiesOutput.IsJson(parse, output)) StudiesOutput.PrintJson(answer);
            else Console.WriteLine(text);
            return 0;
        });
    }
}

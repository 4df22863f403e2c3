using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt campaigns create -f campaign.yaml | list | show ID | history ID | pause ID | resume ID | trigger ID</c>: a
/// REST client of a running service (<c>--url</c>/<c>--key</c>, or <c>MIXOPT_URL</c>/<c>MIXOPT_KEY</c>). Self-contained so
/// it can move onto the general REST client of the CLI unchanged.
/// </summary>
public static class CampaignsCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "The service's base URL (default: env MIXOPT_URL).", Recursive = true };
        var key = new Option<string?>("--key") { Description = "An API key (default: env MIXOPT_KEY); write scope to change campaigns.", Recursive = true };
        var file = new Option<FileInfo>("--file", "-f") { Description = "The campaign as YAML or JSON (the body of POST /api/campaigns).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer instead of a summary.", Recursive = true };
        Argument<string> Id() => new("id") { Description = "The campaign's id." };

        var create = new Command("create", "Create a campaign from a YAML or JSON file.") { file };
        create.SetAction((parse, ct) => RunAsync(parse, url, key, json, async c =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException($"no campaign file '{path.FullName}'.");
            var campaign = await c.CreateAsync(await File.ReadAllTextAsync(path.FullName, ct), ct);
            return (campaign, $"Created campaign {campaign.GetProperty("id")} ({campaign.GetProperty("name")})\n" + Summary(campaign));
        }));
        var list = new Command("list", "List campaigns, newest first.");
        list.SetAction((parse, ct) => RunAsync(parse, url, key, json, async c =>
        {
            var page = await c.ListAsync(ct: ct);
            return (page, string.Join("\n", page.EnumerateArray().Select(x =>
                $"{x.GetProperty("id")}  {x.GetProperty("state"),-7} {x.GetProperty("action"),-9} {x.GetProperty("cron"),-18} {x.GetProperty("timeZone"),-16} {x.GetProperty("firings"),4} firings  {x.GetProperty("name")}")));
        }));
        Command WithId(string name, string description, Func<CampaignsClient, Guid, CancellationToken, Task<(JsonElement, string)>> act)
        {
            var id = Id();
            var command = new Command(name, description) { id };
            command.SetAction((parse, ct) => RunAsync(parse, url, key, json, c =>
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
        return new Command("campaigns", "Scheduled sweep campaigns on a running service (REST).") { url, key, json, create, list, show, history, pause, resume, trigger };
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

    private static async Task<int> RunAsync(ParseResult parse, Option<string?> url, Option<string?> key, Option<bool> json, Func<CampaignsClient, Task<(JsonElement Answer, string Text)>> act)
    {
        var baseUrl = parse.GetValue(url) ?? Environment.GetEnvironmentVariable("MIXOPT_URL");
        var apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("MIXOPT_KEY");
        if (string.IsNullOrWhiteSpace(baseUrl)) throw new CliException("no service URL: pass --url or set MIXOPT_URL (e.g. http://127.0.0.1:5080).");
        if (string.IsNullOrWhiteSpace(apiKey)) throw new CliException("no API key: pass --key or set MIXOPT_KEY.");
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            throw new CliException($"'{baseUrl}' is not an http(s) URL.");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var (answer, text) = await act(new CampaignsClient(http, apiKey));
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(answer, new JsonSerializerOptions { WriteIndented = true }) : text);
            return 0;
        }
        catch (MixOptApiException e) { throw new CliException(e.Message); }
        catch (HttpRequestException e) { throw new CliException($"cannot reach {address}: {e.Message}"); }
        catch (TaskCanceledException) { throw new CliException($"{address} did not answer within 60 s."); }
    }
}

using System.CommandLine;
using System.Text.Json;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt studies create|list|show|watch|pause|resume|cancel|extend|export|delete</c>: the REST API's study
/// endpoints from the command line. Server and key come from <see cref="ClientConnection"/>.
/// </summary>
public static class StudiesCommand
{
    public static Command Create()
    {
        var connection = new ClientConnection();
        var output = StudiesOutput.Option();
        var studies = new Command("studies", "Studies on a MixOpt server (REST): submit, follow, steer, export.")
        {
            CreateStudy(connection, output), List(connection, output), Show(connection, output), Watch(connection, output),
            Transition("pause", "Pause a study: it proposes and leases nothing new.", (c, id, ct) => c.PauseAsync(id, ct), connection, output),
            Transition("resume", "Resume a paused study.", (c, id, ct) => c.ResumeAsync(id, ct), connection, output),
            Transition("cancel", "Cancel a study and its pending runs.", (c, id, ct) => c.CancelAsync(id, ct), connection, output),
            Extend(connection, output), Export(connection), Delete(connection),
        };
        studies.Options.Add(output);
        return connection.AddTo(studies);
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The study's id (a UUID)." };

    private static Option<double> IntervalOption() => new("--interval")
    {
        Description = "Seconds between two looks at the study while watching (0.2-60).",
        DefaultValueFactory = _ => 1.0,
    };

    private static TimeSpan Interval(ParseResult parse, Option<double> option)
    {
        var seconds = parse.GetValue(option);
        if (!(seconds is >= 0.2 and <= 60)) throw new CliException($"--interval {seconds} must be between 0.2 and 60 seconds.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static Command CreateStudy(ClientConnection connection, Option<string> output)
    {
        var file = new Option<string>("--file", "-f") { Description = "The study spec: a YAML or JSON file (.json is sent as JSON, anything else as YAML); - reads stdin.", Required = true };
        var watch = new Option<bool>("--watch") { Description = "Follow the study until it finishes, then print its recommendation." };
        var interval = IntervalOption();
        var command = new Command("create", "Submit a study spec and start it.") { file, watch, interval };
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var json = StudiesOutput.IsJson(parse, output);
            var every = Interval(parse, interval);
            var text = ReadSpec(path);
            return connection.RunAsync(parse, ct, async client =>
            {
                var study = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    ? await client.CreateStudyFromJsonAsync(text, ct)
                    : await client.CreateStudyFromYamlAsync(text, ct);
                if (parse.GetValue(watch))
                {
                    if (!json) Console.WriteLine($"Created study {study.Id} ({study.Name}): {study.Strategy}, {study.RunBudget} runs.");
                    return await StudiesWatch.RunAsync(client, study.Id, json, every, ct);
                }
                if (json) StudiesOutput.PrintJson(await client.GetJsonAsync($"api/studies/{study.Id}", ct));
                else Console.WriteLine($"Created study {study.Id} ({study.Name}): {study.Strategy}, {study.RunBudget} runs.");
                return 0;
            });
        });
        return command;
    }

    private static string ReadSpec(string path)
    {
        if (path == "-") return Console.In.ReadToEnd();
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text)) throw new CliException($"{path} is empty: write a study spec in it (README, 'Study spec').");
        return text;
    }

    private static Command List(ClientConnection connection, Option<string> output)
    {
        var status = new Option<string?>("--status") { Description = "Only studies in this state (Pending, Running, Paused, Completed, Cancelled, Failed)." };
        var strategy = new Option<string?>("--strategy") { Description = "Only studies of this strategy." };
        var name = new Option<string?>("--name") { Description = "Only studies whose name contains this (case-insensitive)." };
        var skip = new Option<int>("--skip") { Description = "Skip this many (newest first).", DefaultValueFactory = _ => 0 };
        var take = new Option<int>("--take") { Description = "At most this many (1-500).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List studies, newest first.") { status, strategy, name, skip, take };
        command.SetAction((parse, ct) => connection.RunAsync(parse, ct, async client =>
        {
            var query = $"api/studies?skip={parse.GetValue(skip)}&take={parse.GetValue(take)}"
                        + Query("status", parse.GetValue(status)) + Query("strategy", parse.GetValue(strategy)) + Query("name", parse.GetValue(name));
            var answer = await client.GetJsonAsync(query, ct);
            if (StudiesOutput.IsJson(parse, output)) StudiesOutput.PrintJson(answer);
            else StudiesOutput.PrintList(answer.Deserialize<List<StudySummary>>(StudiesOutput.Json)!);
            return 0;
        }));
        return command;
    }

    private static string Query(string name, string? value) => value is null ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    private static Command Show(ClientConnection connection, Option<string> output)
    {
        var id = IdArgument();
        var command = new Command("show", "Show a study: status, runs, cost, best mixture and, once there is one, its recommendation.") { id };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            return connection.RunAsync(parse, ct, async client =>
            {
                var answer = await client.GetJsonAsync($"api/studies/{studyId}", ct);
                if (StudiesOutput.IsJson(parse, output))
                {
                    StudiesOutput.PrintJson(answer);
                    return 0;
                }
                StudiesOutput.PrintStudy(answer.Deserialize<StudyInfo>(StudiesOutput.Json)!);
                if (answer.TryGetProperty("recommendation", out var r) && r.ValueKind == JsonValueKind.Object)
                    StudiesOutput.PrintRecommendation(r.Deserialize<Recommendation>(StudiesOutput.Json)! with { StudyId = studyId });
                return 0;
            });
        });
        return command;
    }

    private static Command Watch(ClientConnection connection, Option<string> output)
    {
        var id = IdArgument();
        var interval = IntervalOption();
        var command = new Command("watch", "Follow a study until it finishes (live progress: runs, cost, best so far), then print its recommendation.") { id, interval };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            var every = Interval(parse, interval);
            return connection.RunAsync(parse, ct, client => StudiesWatch.RunAsync(client, studyId, StudiesOutput.IsJson(parse, output), every, ct));
        });
        return command;
    }

    private static Command Transition(string name, string description, Func<MixOptClient, Guid, CancellationToken, Task<StudyInfo>> call,
        ClientConnection connection, Option<string> output)
    {
        var id = IdArgument();
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            return connection.RunAsync(parse, ct, async client =>
            {
                var study = await call(client, studyId, ct);
                if (StudiesOutput.IsJson(parse, output)) StudiesOutput.PrintJson(await client.GetJsonAsync($"api/studies/{studyId}", ct));
                else Console.WriteLine($"Study {study.Id} is {study.Status}.");
                return 0;
            });
        });
        return command;
    }

    private static Command Extend(ClientConnection connection, Option<string> output)
    {
        var id = IdArgument();
        var runs = new Option<int?>("--runs") { Description = "The new run budget (the total, not an increment)." };
        var cost = new Option<double?>("--cost") { Description = "The new cost budget (cost units of the study's ladder)." };
        var parallelism = new Option<int?>("--parallelism") { Description = "Runs in flight at once (1-1024)." };
        var command = new Command("extend", "Change an unfinished study's budget (runs, cost, parallelism); a larger one makes it propose again.") { id, runs, cost, parallelism };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            var (r, c, p) = (parse.GetValue(runs), parse.GetValue(cost), parse.GetValue(parallelism));
            if (r is null && c is null && p is null) throw new CliException("extend needs at least one of --runs, --cost, --parallelism.");
            if (c is { } value && !double.IsFinite(value)) throw new CliException($"--cost {value} is not a finite number.");
            return connection.RunAsync(parse, ct, async client =>
            {
                var study = await client.UpdateBudgetAsync(studyId, r, c, p, ct);
                if (StudiesOutput.IsJson(parse, output)) StudiesOutput.PrintJson(await client.GetJsonAsync($"api/studies/{studyId}", ct));
                else Console.WriteLine($"Study {study.Id} ({study.Status}): budget {study.RunBudget} runs{(study.Spec?.Budget?.Cost is { } bc ? $", cost {StudiesOutput.Number(bc)}" : "")}.");
                return 0;
            });
        });
        return command;
    }

    private static Command Export(ClientConnection connection)
    {
        var id = IdArgument();
        var format = new Option<string>("--format") { Description = "csv (run table), json, regmix-mixtures or regmix-metrics.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json", "regmix-mixtures", "regmix-metrics");
        var file = new Option<string?>("--out") { Description = "Write to this file instead of stdout." };
        var command = new Command("export", "Export a study's finished runs.") { id, format, file };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            return connection.RunAsync(parse, ct, async client =>
            {
                var text = await client.ExportAsync(studyId, parse.GetValue(format)!, ct);
                if (parse.GetValue(file) is { } path)
                {
                    // Written only once the server answered: a failed export leaves no half file behind.
                    await File.WriteAllTextAsync(path, text, ct);
                    Console.Error.WriteLine($"Wrote {path}.");
                }
                else Console.Write(text);
                return 0;
            });
        });
        return command;
    }

    private static Command Delete(ClientConnection connection)
    {
        var id = IdArgument();
        var yes = new Option<bool>("--yes") { Description = "Really delete: the study, its runs, results and artifacts are gone for good." };
        var command = new Command("delete", "Delete a study with its runs, results and artifacts (cancels it first if it is going).") { id, yes };
        command.SetAction((parse, ct) =>
        {
            var studyId = StudiesOutput.StudyId(parse.GetValue(id)!);
            if (!parse.GetValue(yes)) throw new CliException($"deleting study {studyId} cannot be undone: pass --yes.");
            return connection.RunAsync(parse, ct, async client =>
            {
                await client.DeleteStudyAsync(studyId, ct);
                Console.WriteLine($"Deleted study {studyId}.");
                return 0;
            });
        });
        return command;
    }
}

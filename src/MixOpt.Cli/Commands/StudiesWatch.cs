using System.Text.Json;
using MixOpt.Client;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// Follows a study until it finishes: a live Spectre.Console progress bar (runs, cost, best so far) on a terminal,
/// one line per change when the output is a file or a pipe, nothing but the final JSON with <c>--output json</c>;
/// then the recommendation. Exit code 0 when the study completed, 1 when it failed or was cancelled.
/// </summary>
public static class StudiesWatch
{
    public static readonly string[] Finished = ["Completed", "Cancelled", "Failed"];

    public static async Task<int> RunAsync(MixOptClient client, Guid id, bool json, TimeSpan interval, CancellationToken ct)
    {
        StudyInfo study;
        if (json) study = await PollAsync(client, id, interval, _ => { }, ct);
        else if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected) study = await LiveAsync(client, id, interval, ct);
        else
        {
            var last = "";
            study = await PollAsync(client, id, interval, s =>
            {
                var line = Line(s);
                if (line != last) Console.WriteLine(line);
                last = line;
            }, ct);
        }

        var recommendation = await client.GetRecommendationAsync(id, ct);
        if (json)
        {
            var document = new Dictionary<string, JsonElement>
            {
                ["study"] = await client.GetJsonAsync($"api/studies/{id}", ct),
                ["recommendation"] = JsonSerializer.SerializeToElement(recommendation, StudiesOutput.Json),
            };
            Console.WriteLine(JsonSerializer.Serialize(document, StudiesOutput.Json));
        }
        else
        {
            Console.WriteLine($"Study {study.Id} {study.Status}: {StudiesOutput.Runs(study)}; cost {StudiesOutput.Cost(study)}.");
            if (recommendation is not null) StudiesOutput.PrintRecommendation(recommendation);
            else Console.WriteLine("No recommendation: no run succeeded.");
        }
        if (study.Status == "Completed") return 0;
        Console.Error.WriteLine($"mixopt: study {study.Id} ended {study.Status}{(study.Error is { Length: > 0 } e ? $": {e}" : ".")}");
        return 1;
    }

    /// <summary>What the progress shows: runs done of the budget, cost spent, the best objective so far.</summary>
    public static string Line(StudyInfo s) =>
        $"{s.Status}: runs {s.RunsSucceeded + s.RunsFailed}/{s.RunBudget} ({s.RunsFailed} failed, {s.RunsPending} pending) · cost {StudiesOutput.Cost(s)} · best {StudiesOutput.Number(s.Best?.Value)}";

    private static async Task<StudyInfo> PollAsync(MixOptClient client, Guid id, TimeSpan interval, Action<StudyInfo> show, CancellationToken ct)
    {
        while (true)
        {
            var study = await client.GetStudyAsync(id, ct);
            show(study);
            if (Finished.Contains(study.Status)) return study;
            await Task.Delay(interval, ct);
        }
    }

    private static async Task<StudyInfo> LiveAsync(MixOptClient client, Guid id, TimeSpan interval, CancellationToken ct)
    {
        StudyInfo? last = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                last = await PollAsync(client, id, interval, s =>
                {
                    // A cost budget drives the bar when there is one (the run budget is then only a cap).
                    (double done, double total) = s.Spec?.Budget?.Cost is { } cost && cost > 0
                        ? (Math.Min(s.TotalCost, cost), cost)
                        : (s.RunsSucceeded + s.RunsFailed, Math.Max(1, s.RunBudget));
                    task.MaxValue = total;
                    task.Value = done;
                    task.Description = Markup.Escape(Line(s));
                    if (Finished.Contains(s.Status)) task.StopTask();
                }, ct);
            });
        return last!;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>How the client commands print: aligned text for people (the default) or the server's JSON for scripts.</summary>
public static class StudiesOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary><c>--output text|json</c>, recursive so every subcommand of a group takes it.</summary>
    public static Option<string> Option() => new("--output", "-o")
    {
        Description = "text (default) or json (the server's JSON, for scripts).",
        DefaultValueFactory = _ => "text",
        Recursive = true,
        CustomParser = r => r.Tokens.Count == 1 && r.Tokens[0].Value is "text" or "json" ? r.Tokens[0].Value : Fail(r),
    };

    private static string Fail(System.CommandLine.Parsing.ArgumentResult r)
    {
        r.AddError($"--output must be text or json, not '{string.Join(" ", r.Tokens.Select(t => t.Value))}'.");
        return "text";
    }

    public static bool IsJson(ParseResult parse, Option<string> output) => parse.GetValue(output) == "json";

    public static void PrintJson(JsonElement element) => Console.WriteLine(JsonSerializer.Serialize(element, Json));

    public static Guid StudyId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw new CliException($"'{text}' is not a study id (a UUID such as 0197a3b2-5c1e-7d40-9f3a-2b8c4d6e8f10).");

    public static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";

    public static string Mixture(IReadOnlyDictionary<string, double> weights) =>
        string.Join("  ", weights.Select(w => $"{w.Key} {w.Value.ToString("0.000", CultureInfo.InvariantCulture)}"));

    public static void PrintList(IReadOnlyList<StudySummary> studies)
    {
        if (studies.Count == 0)
        {
            Console.WriteLine("No studies.");
            return;
        }
        Console.WriteLine($"{"ID",-36}  {"STATUS",-9}  {"STRATEGY",-8}  {"RUNS",6}  {"BEST",10}  {"CREATED",-20}  NAME");
        foreach (var s in studies)
            Console.WriteLine($"{s.Id,-36}  {s.Status,-9}  {s.Strategy,-8}  {s.RunBudget,6}  {Number(s.BestValue),10}  {s.CreatedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture),-20}  {s.Name}");
    }

    public static void PrintStudy(StudyInfo s)
    {
        Console.WriteLine($"Study    {s.Id}  {s.Name}");
        Console.WriteLine($"Status   {s.Status}{(s.Error is { Length: > 0 } e ? $" ({e})" : "")}");
        Console.WriteLine($"Strategy {s.Strategy}");
        Console.WriteLine($"Domains  {string.Join(", ", s.Domains)}");
        Console.WriteLine($"Runs     {Runs(s)}");
        Console.WriteLine($"Cost     {Cost(s)}");
        if (s.Best is { } best) Console.WriteLine($"Best     {Number(best.Value)} at {Mixture(best.Weights)}");
    }

    public static string Runs(StudyInfo s) =>
        $"{s.RunsSucceeded} succeeded, {s.RunsFailed} failed, {s.RunsPending} pending of {s.RunBudget}";

    public static string Cost(StudyInfo s) =>
        s.Spec?.Budget?.Cost is { } budget ? $"{Number(s.TotalCost)} of {Number(budget)}" : Number(s.TotalCost);

    public static void PrintRecommendation(Recommendation r)
    {
        Console.WriteLine($"Recommended mixture ({(r.Final ? "final" : "so far")}, {r.Observations} observations, {r.Basis}):");
        foreach (var (domain, weight) in r.Mixture) Console.WriteLine($"  {domain,-16} {weight.ToString("0.0000", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"Predicted objective {Number(r.Predicted)} ± {Number(r.StdDev)}");
        if (r.Levels is { Count: > 0 } levels)
        {
            Console.WriteLine("Per level (group total; members' shares within the group):");
            foreach (var level in levels)
                Console.WriteLine($"  {new string(' ', 2 * level.Depth)}{level.Group,-16} {level.Total.ToString("0.0000", CultureInfo.InvariantCulture)}  "
                    + string.Join("  ", level.Shares.Select(s => $"{s.Key} {s.Value.ToString("0.000", CultureInfo.InvariantCulture)}")));
        }
        if (r.NoFeasiblePoint is { } why) Console.WriteLine($"No mixture meets the trade-off: {why}");
        if (r.Front is { Count: > 0 } front)
        {
            Console.WriteLine($"Pareto set ({front.Count} mixtures; predicted ± sd per objective):");
            foreach (var point in front)
                Console.WriteLine("  " + string.Join("  ", point.Predicted.Select(p =>
                    $"{p.Key} {Number(p.Value)} ± {(point.StdDev.TryGetValue(p.Key, out var sd) ? Number(sd) : "?")}")) + "  at " + Mixture(point.Mixture));
        }
    }
}

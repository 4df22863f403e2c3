using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>A server's problem details as the CLI prints them: one line, then one line per bad field.</summary>
public static class ClientErrors
{
    public static IEnumerable<string> Lines(MixOptApiException e)
    {
        var title = string.IsNullOrWhiteSpace(e.Title) ? e.Status.ToString() : e.Title;
        yield return string.IsNullOrWhiteSpace(e.Detail)
            ? $"mixopt: {(int)e.Status} {title}"
            : $"mixopt: {(int)e.Status} {title}: {OneLine(e.Detail)}";
        foreach (var (field, messages) in e.Errors.OrderBy(f => f.Key, StringComparer.Ordinal))
            yield return $"  {field}: {OneLine(string.Join(" ", messages))}";
    }

    // A detail may quote a multi-line body; the first line per field keeps the promise of one line each.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

using System.Text.RegularExpressions;

namespace MixOpt.Training.Shards;

/// <summary>Domain names become folder and blob names, so they are restricted to a safe alphabet.</summary>
public static partial class DomainName
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z")]
    private static partial Regex Safe();

    public static string Validate(string name) =>
        Safe().IsMatch(name) ? name
            : throw new ArgumentException($"Domain name '{name}' is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
}

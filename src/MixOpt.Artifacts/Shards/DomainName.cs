using System.Text.RegularExpressions;

namespace MixOpt.Training.Shards;

/// <summary>Domain names become folder and blob names, so they are restricted to a safe alphabet.</summary>
public static partial class DomainName
{
    // Segments joined by '/' are sub-domains (quality buckets code/q1 ...): nested folders or blob prefixes. Each
    // segment starts with a letter or digit, so '..' can never climb out of the store.
    [GeneratedRegex("^(?=.{1,64}\\z)[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*\\z")]
    private static partial Regex Safe();

    public static string Validate(string name) =>
        Safe().IsMatch(name) ? name
            : throw new ArgumentException($"Domain name '{name}' is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (sub-domains joined by '/').");
}

using System.Text.RegularExpressions;

namespace MixOpt.IntegrationTests.Support;

/// <summary>The build targets of infra/docker/Dockerfile (<c>FROM ... AS name</c>) with the ports each one EXPOSEs and its USER.</summary>
public sealed partial record DockerfileTargets(IReadOnlyDictionary<string, (HashSet<int> Ports, string? User)> Targets)
{
    public static DockerfileTargets Read(string path)
    {
        var targets = new Dictionary<string, (HashSet<int>, string?)>();
        string? current = null;
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()))
        {
            if (From().Match(line) is { Success: true } from)
            {
                current = from.Groups[1].Value;
                targets[current] = ([], null);
            }
            else if (current is not null && line.StartsWith("EXPOSE ", StringComparison.Ordinal))
                targets[current].Item1.UnionWith(line[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            else if (current is not null && line.StartsWith("USER ", StringComparison.Ordinal))
                targets[current] = (targets[current].Item1, line[5..].Trim());
        }
        return new DockerfileTargets(targets.ToDictionary(t => t.Key, t => t.Value));
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex From();
}

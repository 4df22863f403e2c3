using System.Text.RegularExpressions;

namespace MixOpt.Core.Tests.Architecture;

/// <summary>
/// Core's namespaces (Mixtures, Studies, Strategies, Surrogates, …) depend on each other one way only, so a layer can
/// be read, tested and replaced without the ones above it. Read from the sources: a <c>using MixOpt.Core.X</c> or a
/// name qualified by a sibling namespace (<c>Strategies.Bayesian.BoRung</c>) is an edge; comments are not.
/// </summary>
public sealed partial class NamespaceDependencyTests
{
    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = DependencyGraph();
        Assert.True(graph.Count >= 8, $"expected Core's namespaces under src/MixOpt.Core, found {string.Join(", ", graph.Keys)}");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"namespace cycle in MixOpt.Core: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Studies_is_below_strategies()
    {
        var graph = DependencyGraph();
        Assert.Contains("Studies", graph["Strategies"]);
        Assert.DoesNotContain("Strategies", graph["Studies"]);
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "MixOpt.Core");
        var namespaces = Directory.GetDirectories(core).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).Cast<string>().ToHashSet();
        var graph = namespaces.ToDictionary(n => n, _ => new HashSet<string>());
        foreach (var ns in namespaces)
        foreach (var file in Directory.EnumerateFiles(Path.Combine(core, ns), "*.cs", SearchOption.AllDirectories))
        {
            var code = string.Join('\n', File.ReadLines(file).Select(StripComment));
            foreach (Match m in UsingDirective().Matches(code)) graph[ns].Add(m.Groups[1].Value);
            foreach (Match m in QualifiedName().Matches(code))
                if (namespaces.Contains(m.Groups[1].Value)) graph[ns].Add(m.Groups[1].Value);
        }
        foreach (var (ns, edges) in graph) edges.Remove(ns);
        foreach (var edges in graph.Values) edges.IntersectWith(namespaces);
        return graph;
    }

    private static string StripComment(string line)
    {
        var at = line.IndexOf("//", StringComparison.Ordinal);
        return at < 0 ? line : line[..at];
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1: on the current path, 2: done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Order())
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path[path.IndexOf(next)..], next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order())
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MixOpt.sln"))) return dir.FullName;
        throw new InvalidOperationException($"MixOpt.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?MixOpt\.Core\.([A-Za-z]+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    /// <summary>A sibling namespace used as a qualifier: <c>Strategies.Bayesian.BoRung</c>, <c>Randomness.SeedMixer</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z]+)\.[A-Z]")]
    private static partial Regex QualifiedName();
}

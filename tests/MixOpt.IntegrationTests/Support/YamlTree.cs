using YamlDotNet.RepresentationModel;

namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// YAML documents (parsed by YamlDotNet) as plain trees: mappings are dictionaries, sequences lists, scalars strings,
/// with a path lookup for the static checks of deployment files.
/// </summary>
public static class YamlTree
{
    public static IReadOnlyList<object?> LoadAll(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return stream.Documents.Select(d => Convert(d.RootNode)).Where(d => d is not null).ToList();
    }

    /// <summary>The node at a dotted path of mapping keys (<c>spec.template.spec</c>), or null.</summary>
    public static object? At(object? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node)) return null;
        }
        return node;
    }

    public static string? Text(object? node, string path) => At(node, path) as string;

    public static Dictionary<string, object?> Map(object? node, string path) =>
        At(node, path) as Dictionary<string, object?> ?? throw new InvalidOperationException($"'{path}' is not a mapping.");

    public static List<object?> List(object? node, string path) => At(node, path) as List<object?> ?? [];

    /// <summary>A mapping, with YAML merge keys (<c>&lt;&lt;: *anchor</c>, as docker-compose uses them) merged in under its own keys.</summary>
    private static Dictionary<string, object?> MapOf(YamlMappingNode node)
    {
        var map = new Dictionary<string, object?>();
        foreach (var (key, value) in node.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<" && Convert(value) is Dictionary<string, object?> merged)
            {
                foreach (var (k, v) in merged) map.TryAdd(k, v);
                continue;
            }
            map[name] = Convert(value);
        }
        return map;
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => MapOf(m),
        YamlSequenceNode s => s.Children.Select(Convert).ToList(),
        YamlScalarNode s => s.Value is null or "" or "~" or "null" && s.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : s.Value,
        _ => null,
    };
}

using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MixOpt.Web.Api;

/// <summary>
/// Turns a YAML document into the JSON it means (YAML 1.2 core schema: plain scalars that read as null, booleans,
/// integers or floats become those; quoted scalars stay strings), so a YAML study goes through exactly the same
/// strict JSON reading and validation as a JSON one. Anchors are expanded by the parser; NaN and infinities are
/// refused here because JSON cannot carry them.
/// </summary>
public static class YamlToJson
{
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1) throw new YamlException($"Expected one YAML document, got {stream.Documents.Count}.");
        return Node(stream.Documents[0].RootNode, "$");
    }

    private static JsonNode? Node(YamlNode node, string path) => node switch
    {
        YamlMappingNode map => Mapping(map, path),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select((c, i) => Node(c, $"{path}[{i}]")).ToArray()),
        YamlScalarNode scalar => Scalar(scalar, path),
        _ => throw new YamlException(node.Start, node.End, $"{path}: unsupported YAML node."),
    };

    private static JsonObject Mapping(YamlMappingNode map, string path)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new YamlException(key.Start, key.End, $"{path}: mapping keys must be plain strings.");
            if (obj.ContainsKey(name)) throw new YamlException(key.Start, key.End, $"{path}: key '{name}' appears twice.");
            obj[name] = Node(value, $"{path}.{name}");
        }
        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar, string path)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
            case ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or "-.Inf" or "-.INF":
                throw new YamlException(scalar.Start, scalar.End, $"{path}: {text} is not a finite number; the API accepts finite numbers only.");
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
            && text.Any(char.IsAsciiDigit)) return JsonValue.Create(real);
        return JsonValue.Create(text);
    }
}

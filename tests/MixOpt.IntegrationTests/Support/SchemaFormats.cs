using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// Checks an OpenAPI example against its schema where Redocly's lint does not look: the string formats (uuid,
/// date-time), besides the required members. Follows $ref, properties, additionalProperties and items.
/// </summary>
public static class SchemaFormats
{
    public static void Check(JsonObject document, JsonNode? value, JsonNode schema, string where, List<string> problems)
    {
        var s = Resolve(document, schema);
        if (value is null || s is null) return;
        if (s["format"]?.GetValue<string>() is { } format && value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (format == "uuid" && !Guid.TryParse(text, out _)) problems.Add($"{where}: '{text}' is not a uuid");
            if (format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                problems.Add($"{where}: '{text}' is not a date-time");
        }
        switch (value)
        {
            case JsonObject o:
                foreach (var r in s["required"]?.AsArray() ?? [])
                    if (!o.ContainsKey(r!.GetValue<string>())) problems.Add($"{where}: required member '{r}' is missing");
                foreach (var (name, child) in o)
                {
                    var property = s["properties"]?[name] ?? (s["additionalProperties"] as JsonObject);
                    if (property is not null) Check(document, child, property, $"{where}.{name}", problems);
                }
                break;
            case JsonArray a when s["items"] is { } items:
                for (var i = 0; i < a.Count; i++) Check(document, a[i], items, $"{where}[{i}]", problems);
                break;
        }
    }

    private static JsonNode? Resolve(JsonObject document, JsonNode? schema)
    {
        for (var depth = 0; depth < 16 && schema?["$ref"]?.GetValue<string>() is { } reference; depth++)
        {
            const string prefix = "#/components/schemas/";
            schema = reference.StartsWith(prefix, StringComparison.Ordinal) ? document["components"]?["schemas"]?[reference[prefix.Length..]] : null;
        }
        return schema;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MixOpt.IntegrationTests.Fuzz;

/// <summary>
/// Builds a request for an OpenAPI operation from its schemas (a plausible value for every member), then mutates
/// it. All choices come from one seeded <see cref="Random"/>, so a seed replays the same requests.
/// </summary>
public sealed class SchemaValues(JsonElement document, Random random, Fixture fixture)
{
    private static readonly string[] Words =
        ["web", "code", "books", "loss:web", "loss:mean", "loss:code", "random", "bo", "mfbo", "climb", "external", "simulated", "builtin",
         "minimize", "maximize", "read", "write", "admin", "target", "small", "tiny", "1M", "x", "trainer-1", "csv", "json", "regmix",
         // Names later spec members accept (strategies, rung kinds, bucket sub-domains, trade-off constraints), so generated
         // bodies also get past the first check into the validation of groups, objectives, tradeOff, olmix's options
         // (klWeight, metricWeights: read only under strategy olmix), QuaDMix weights and merged rungs.
         "auto", "mobo", "aioli", "merged", "trained", "web/q1", "web/q2", "loss:web <= 2.1", "final", "average",
         "olmix", "log-linear", "quadmix", "loss:code >= 9"];

    private static readonly string[] Keys = ["web", "code", "books", "loss:web", "loss:code", "loss:books", "loss:mean", "acc"];

    /// <summary>Text that has broken something somewhere: NUL, invisible and direction characters, line breaks, size, syntax of other languages.</summary>
    private static readonly string[] Hostile =
        ["\0", "a\0b", "\u200B\u200B", "\u202Eevil", "web\n", "acc\n", "\r\n", "\t", " ", "", "🙂", "e\u0301", "\uFEFF", "\u3164",
         "%00", "' OR 1=1 --", "../../etc/passwd", "{{id}}", "${jndi:x}", "Running,Paused", "NaN", "Infinity", "-0", "null", "true",
         new string('x', 70_000), string.Concat(Enumerable.Repeat("é", 3000))];

    private static readonly object[] Extremes =
        [1e308, -1e308, double.Epsilon, 0, -1, 2147483648L, -2147483649L, long.MaxValue, 1e-300, 123456789012345678L, 0.1, 1e15];

    /// <summary>Raw JSON text a node can be replaced by (what a JsonNode cannot hold): overflow, lone surrogates, depth.</summary>
    private static readonly Func<Random, string>[] RawValues =
    [
        _ => "1e400", _ => "-1e400", _ => "1E+999999", _ => "\"\\ud800\"", _ => "\"\\udc00x\"", _ => "\"\\u0000\"", _ => "-0",
        r => Deep(r, "[", "]", "1"), r => Deep(r, "{\"a\":", "}", "1"), r => "[" + string.Join(",", Enumerable.Repeat("1", r.Next(1000, 20_000))) + "]",
        r => "{" + string.Join(",", Enumerable.Range(0, r.Next(100, 3000)).Select(i => $"\"k{i}\":{i}")) + "}",
    ];

    private static string Deep(Random r, string open, string close, string inner)
    {
        var depth = new[] { 63, 65, 200, 1_000, 5_000 }[r.Next(5)];
        return string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));
    }

    private readonly JsonElement _schemas = document.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;

    public FuzzedRequest Request(Operation operation)
    {
        var path = new StringBuilder();
        foreach (var segment in operation.Path.Split('/'))
        {
            if (segment.Length == 0) continue;
            path.Append('/');
            path.Append(segment.StartsWith('{') && segment.Contains('}') ? PathValue(segment, operation) : segment);
        }
        var query = new List<string>();
        foreach (var p in operation.Parameters.Where(p => p.GetProperty("in").GetString() == "query"))
        {
            if (random.NextDouble() < 0.3) continue;
            var value = random.NextDouble() < 0.35 ? Pick(Hostile.Concat(["-1", "0", "99999999999", "1e3", "501", "Completed"]).ToArray())
                : Text(p.TryGetProperty("schema", out var schema) ? Value(schema, 0) : null);
            query.Add($"{Uri.EscapeDataString(p.GetProperty("name").GetString()!)}={Uri.EscapeDataString(Truncate(value, 3000))}");
        }
        var request = new FuzzedRequest
        {
            Method = operation.Method,
            Path = path.ToString(),
            Query = query.Count == 0 ? "" : "?" + string.Join("&", query),
            Auth = random.NextDouble() switch { < 0.90 => "admin", < 0.94 => "none", < 0.97 => "unknown", _ => "malformed" },
        };
        if (operation.Body is { } bodySchema) Body(request, bodySchema, operation);
        else if (operation.Path.EndsWith("/import", StringComparison.Ordinal)) ImportBody(request);
        else if (operation.Method != "GET" && random.NextDouble() < 0.3) request.SetText(Serialize(RandomTree(0)), "application/json");
        return request;
    }

    private void Body(FuzzedRequest request, JsonElement schema, Operation operation)
    {
        var root = Value(schema, 0);
        var raw = new Dictionary<string, string>();
        var roll = random.NextDouble();
        if (roll < 0.15) { /* as generated: plausible, usually still invalid somewhere */ }
        else if (roll < 0.65)
            for (var m = random.Next(1, 4); m > 0; m--) root = Mutate(root, raw);
        var text = Serialize(root);
        foreach (var (marker, value) in raw) text = text.Replace($"\"{marker}\"", value, StringComparison.Ordinal);
        var mediaType = operation.MediaTypes.Contains("application/yaml") && random.NextDouble() < 0.25 ? "application/yaml" : "application/json";
        if (roll >= 0.65 && roll < 0.88) text = MutateText(text);
        if (roll >= 0.88)
            mediaType = Pick(["text/plain", "application/xml", "application/yaml", "application/json; charset=utf-16", "multipart/form-data",
                "application/x-www-form-urlencoded", "text/csv", "application/merge-patch+json"]);
        if (roll >= 0.65 && roll < 0.70) request.SetBytes([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D], mediaType);
        else request.SetText(text, mediaType);
    }

    private void ImportBody(FuzzedRequest request)
    {
        var columns = new List<string> { "w:web", "w:code", "w:books", "fidelity", "cost", "m:loss:web", "m:loss:code", "m:loss:books" };
        if (random.NextDouble() < 0.5) columns.Add(Pick(["w:" + Pick(Hostile), "m:" + Pick(Hostile), Pick(Hostile), "w:", "m:", "w:web"]));
        var rows = new StringBuilder(string.Join(",", columns.Select(Csv))).Append('\n');
        for (var r = random.Next(0, 4); r > 0; r--)
            rows.Append(string.Join(",", columns.Select(_ => random.NextDouble() < 0.2 ? Csv(Pick(Hostile)) : Number(random.NextDouble() < 0.3 ? Pick(Extremes) : random.NextDouble()))))
                .Append('\n');
        var format = Pick(["csv", "json", "regmix", "csv"]);
        request.Query = "?format=" + format;
        if (format == "csv" && random.NextDouble() < 0.8) request.SetText(rows.ToString(), "text/csv");
        else request.SetText(format == "regmix"
            ? JsonSerializer.Serialize(new { mixtures = rows.ToString(), metrics = rows.ToString(), fidelity = random.NextDouble() < 0.5 ? 1 : Convert.ToDouble(Pick(Extremes), CultureInfo.InvariantCulture) })
            : Serialize(new JsonObject { ["runs"] = new JsonArray(RandomTree(0), RandomTree(0)) }), "application/json");
    }

    private static string Csv(string cell) => cell.Contains(',') || cell.Contains('"') || cell.Contains('\n') ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    private static string Number(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private string PathValue(string segment, Operation operation)
    {
        // Never the fixture's study for deletion or cancellation: the rest of the run needs it alive.
        var destructive = operation.Method == "DELETE" || operation.Path.EndsWith("/cancel", StringComparison.Ordinal);
        var roll = random.NextDouble();
        var name = segment.Trim('{', '}').Split(':')[0];
        string value = name switch
        {
            "id" when !destructive && roll < 0.7 => fixture.Study.ToString(),
            "runId" when !destructive && roll < 0.7 => fixture.Run.ToString(),
            _ when roll < 0.85 => RandomGuid().ToString(),
            _ => Pick(["not-a-guid", "\0", "..", "00000000-0000-0000-0000-000000000000", "' or 1=1", "🙂", new string('9', 5000), "%", " "]),
        };
        return Uri.EscapeDataString(value);
    }

    /// <summary>A value for <paramref name="schema"/>: every member (mostly), small plausible scalars.</summary>
    public JsonNode? Value(JsonElement schema, int depth)
    {
        schema = Resolve(schema);
        if (depth > 8) return null;
        if (schema.TryGetProperty("enum", out var options) && options.GetArrayLength() > 0)
            return JsonNode.Parse(options[random.Next(options.GetArrayLength())].GetRawText());
        foreach (var union in new[] { "oneOf", "anyOf", "allOf" })
            if (schema.TryGetProperty(union, out var branches) && branches.GetArrayLength() > 0)
                return Value(branches[random.Next(branches.GetArrayLength())], depth);
        switch (TypeOf(schema))
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var p in properties.EnumerateObject())
                        if (random.NextDouble() < 0.85) obj[p.Name] = Value(p.Value, depth + 1);
                if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object)
                    for (var n = random.Next(1, 4); n > 0; n--) obj[Pick(Keys)] = Value(extra, depth + 1);
                return obj;
            case "array":
                var array = new JsonArray();
                if (schema.TryGetProperty("items", out var items))
                    for (var n = random.Next(0, 4); n > 0; n--) array.Add(Value(items, depth + 1));
                return array;
            case "string":
                var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
                return format switch
                {
                    "uuid" => JsonValue.Create(Pick([fixture.Token, fixture.Run, fixture.Study, RandomGuid()]).ToString()),
                    "date-time" => JsonValue.Create(DateTimeOffset.UtcNow.ToString("O")),
                    _ => JsonValue.Create(Pick(Words)),
                };
            case "integer": return JsonValue.Create(Pick([0, 1, 2, 4, 10, 100]));
            case "number": return JsonValue.Create(Math.Round(random.NextDouble() * 5, 3));
            case "boolean": return JsonValue.Create(random.NextDouble() < 0.5);
            default: return null;
        }
    }

    private JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (_schemas.ValueKind != JsonValueKind.Object || !_schemas.TryGetProperty(name, out schema)) return default;
        }
        return schema;
    }

    /// <summary>The schema's type; of a list (OpenAPI 3.1: ["null", "integer", "string"]), the most specific one, or null now and then.</summary>
    private string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        if (!schema.TryGetProperty("type", out var type)) return schema.TryGetProperty("properties", out _) ? "object" : null;
        if (type.ValueKind == JsonValueKind.String) return type.GetString();
        var types = type.EnumerateArray().Select(t => t.GetString()!).ToList();
        if (types.Contains("null") && random.NextDouble() < 0.1) return "null";
        foreach (var preferred in new[] { "object", "array", "integer", "number", "boolean", "string" })
            if (types.Contains(preferred)) return preferred;
        return null;
    }

    /// <summary>One mutation somewhere in the tree; raw replacements are recorded as markers to splice in after serializing.</summary>
    private JsonNode? Mutate(JsonNode? root, Dictionary<string, string> raw)
    {
        var nodes = new List<JsonNode?> { root };
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        JsonNode? replacement;
        switch (random.Next(7))
        {
            case 0: replacement = Pick<Func<JsonNode?>>([() => JsonValue.Create("str"), () => JsonValue.Create(1), () => JsonValue.Create(true), () => null, () => new JsonObject(), () => new JsonArray()])(); break;
            case 1: replacement = JsonValue.Create(Convert.ToDouble(Pick(Extremes), CultureInfo.InvariantCulture)); break;
            case 2: replacement = JsonValue.Create(Pick(Hostile)); break;
            case 3:
                var marker = $"@@raw{raw.Count}@@";
                raw[marker] = Pick(RawValues)(random);
                replacement = JsonValue.Create(marker);
                break;
            case 4:
                if (target is JsonObject obj && obj.Count > 0) { obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key); return root; }
                replacement = target?.DeepClone();
                break;
            case 5:
                if (target is JsonObject o) { o[Pick(["zzz", "bugdet", "\0", "__proto__", "$type", Pick(Keys)])] = RandomTree(0); return root; }
                replacement = RandomTree(0);
                break;
            default:
                if (target is JsonObject map) { foreach (var key in map.Select(p => p.Key).ToList()) map[key] = JsonValue.Create(Pick(Hostile)); return root; }
                replacement = JsonValue.Create(Pick(Hostile));
                break;
        }
        return Replace(root, target, replacement);
    }

    private static void Collect(JsonNode? node, List<JsonNode?> into)
    {
        if (node is JsonObject obj) foreach (var (_, child) in obj) { into.Add(child); Collect(child, into); }
        else if (node is JsonArray array) foreach (var child in array) { into.Add(child); Collect(child, into); }
    }

    private static JsonNode? Replace(JsonNode? root, JsonNode? target, JsonNode? replacement)
    {
        if (target is null || ReferenceEquals(target, root) || target.Parent is null) return replacement;
        switch (target.Parent)
        {
            case JsonObject parent: parent[target.GetPropertyName()] = replacement; break;
            case JsonArray list: list[target.GetElementIndex()] = replacement; break;
        }
        return root;
    }

    private JsonNode? RandomTree(int depth) => (depth > 3 ? random.Next(4) : random.Next(6)) switch
    {
        0 => JsonValue.Create(Pick(Hostile)),
        1 => JsonValue.Create(Convert.ToDouble(Pick(Extremes), CultureInfo.InvariantCulture)),
        2 => JsonValue.Create(random.NextDouble() < 0.5),
        3 => null,
        4 => new JsonArray(Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomTree(depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 3)).Select(i => KeyValuePair.Create(Pick(Keys) + i, RandomTree(depth + 1)))),
    };

    private string MutateText(string text) => random.Next(9) switch
    {
        0 => text.Length > 1 ? text[..random.Next(1, text.Length)] : "",
        1 => "",
        2 => Pick(["null", "[]", "\"x\"", "1e400", "true", "{}", "{\"a\":1,\"a\":2}", "{\"name\":\"x\"} trailing", "\u0000"]),
        3 => "\uFEFF" + text,
        4 => text + "}}}",
        5 => "/* comment */" + text,
        6 => Deep(random, "[", "]", text),
        7 => text.Replace(":", ":: ", StringComparison.Ordinal),
        _ => text.Replace("\"", "'", StringComparison.Ordinal),
    };

    private static string Serialize(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An id from the seeded generator, so a seed replays the same ids too.</summary>
    private Guid RandomGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

/// <summary>One generated request, kept as data so a failure can say exactly what was sent.</summary>
public sealed class FuzzedRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string Query { get; set; } = "";
    public required string Auth { get; init; }
    public byte[]? Body { get; private set; }
    public string? ContentType { get; private set; }

    public void SetText(string text, string contentType) => SetBytes(Encoding.UTF8.GetBytes(text), contentType);

    public void SetBytes(byte[] body, string contentType)
    {
        Body = body;
        ContentType = contentType;
    }

    public HttpRequestMessage ToHttpRequest(Fixture fixture)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path + Query);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        switch (Auth)
        {
            case "admin": request.Headers.Add("X-Api-Key", fixture.AdminKey); break;
            case "unknown": request.Headers.Add("X-Api-Key", "mxo_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); break;
            case "malformed": request.Headers.TryAddWithoutValidation("Authorization", "Bearer \u00e9t\u00e9"); break;
        }
        return request;
    }

    public string Describe()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        return $"{Method} {(Path + Query).Replace("\0", "\\0")} auth={Auth} [{ContentType}] {(body.Length > 300 ? body[..300] + "…" : body).Replace("\0", "\\0")}";
    }
}

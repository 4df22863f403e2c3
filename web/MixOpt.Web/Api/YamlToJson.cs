using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlScalar = YamlDotNet.Core.Events.Scalar;

namespace MixOpt.Web.Api;

/// <summary>
/// Turns a YAML document into the JSON it means (YAML 1.2 core schema: plain scalars that read as null, booleans,
/// integers or floats become those; quoted scalars stay strings), so a YAML study goes through exactly the same
/// strict JSON reading and validation as a JSON one. NaN and infinities are refused here because JSON cannot carry
/// them.
/// </summary>
/// <remarks>
/// Built from the parser's events with an explicit stack, not from YamlDotNet's representation model: that model
/// resolves a self-referencing alias (<c>&amp;a [*a]</c>) into a cycle, and walking it recursively overflowed the
/// stack and ended the process. Here an alias may only name a node that is complete, and everything a document
/// means after its aliases are expanded is bounded like a JSON body is: depth, node count and text size. Tags other
/// than the core schema's are refused (YAML tags are how loaders are told to build objects).
/// </remarks>
public static class YamlToJson
{
    /// <summary>The JSON reader's default nesting limit, so YAML can nest no deeper than JSON.</summary>
    public const int MaxDepth = 64;

    /// <summary>As many values as a JSON body of the same size limit could hold (two bytes each, <c>0,</c>).</summary>
    public const long MaxNodes = RequestBody.DefaultLimit / 2;

    /// <summary>The text the expanded document may hold (scalars and keys), twice the JSON body limit.</summary>
    public const long MaxTextLength = 2 * RequestBody.DefaultLimit;

    private const string CoreTag = "tag:yaml.org,2002:";

    public static JsonNode? Convert(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var builder = new Builder();
        var documents = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    if (++documents > 1) throw new YamlException(parser.Current.Start, parser.Current.End, "Expected one YAML document, got more.");
                    break;
                case YamlScalar scalar: builder.Scalar(scalar); break;
                case SequenceStart start: builder.Open(start, start.Anchor, start.Tag, isMapping: false); break;
                case MappingStart start: builder.Open(start, start.Anchor, start.Tag, isMapping: true); break;
                case SequenceEnd or MappingEnd: builder.Close(parser.Current); break;
                case AnchorAlias alias: builder.Alias(alias); break;
            }
        }
        if (documents != 1) throw new YamlException($"Expected one YAML document, got {documents}.");
        return builder.Root;
    }

    /// <summary>A finished anchored node: its value and what inserting a copy of it costs.</summary>
    private sealed record Anchored(JsonNode? Value, long Nodes, long Text, int Depth);

    /// <summary>An open sequence or mapping: where its members go, and what it has cost so far (for its anchor).</summary>
    private sealed class Frame(JsonNode container, string? anchor, string path, long nodesAtStart, long textAtStart)
    {
        public JsonNode Container { get; } = container;
        public string? Anchor { get; } = anchor;
        public string Path { get; } = path;
        public long NodesAtStart { get; } = nodesAtStart;
        public long TextAtStart { get; } = textAtStart;
        public string? PendingKey { get; set; }
        public bool ExpectingKey { get; set; } = container is JsonObject;
        public int Count { get; set; }
        /// <summary>The deepest nesting below this frame, counting aliased nodes at their expanded depth.</summary>
        public int DepthBelow { get; set; }
    }

    private sealed class Builder
    {
        private readonly Stack<Frame> _open = new();
        private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
        private long _nodes;
        private long _text;
        private bool _hasRoot;

        public JsonNode? Root { get; private set; }

        private string Path => _open.Count == 0 ? "$"
            : _open.Peek() is { Container: JsonObject } f ? $"{f.Path}.{f.PendingKey}" : $"{_open.Peek().Path}[{_open.Peek().Count}]";

        public void Open(ParsingEvent e, AnchorName anchor, TagName tag, bool isMapping)
        {
            if (_open.TryPeek(out var parent) && parent.ExpectingKey)
                throw new YamlException(e.Start, e.End, $"{parent.Path}: mapping keys must be plain strings.");
            if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != CoreTag + (isMapping ? "map" : "seq"))
                throw new YamlException(e.Start, e.End, $"{Path}: the tag '{tag.Value}' is not supported; only the core schema's tags are.");
            if (_open.Count + 1 > MaxDepth)
                throw new YamlException(e.Start, e.End, $"{Path}: the document nests deeper than {MaxDepth} levels.");
            Count(e, 1, 2);
            var path = Path;
            _open.Push(new Frame(isMapping ? new JsonObject() : new JsonArray(), anchor.IsEmpty ? null : anchor.Value, path, _nodes - 1, _text - 2));
        }

        public void Close(ParsingEvent e)
        {
            var frame = _open.Pop();
            Place(e, frame.Container, frame.DepthBelow + 1);
            if (frame.Anchor is { } name)
                _anchors[name] = new Anchored(frame.Container, _nodes - frame.NodesAtStart, _text - frame.TextAtStart, frame.DepthBelow + 1);
        }

        public void Scalar(YamlScalar scalar)
        {
            var text = scalar.Value ?? "";
            Count(scalar, 1, text.Length + 2);
            if (_open.TryPeek(out var frame) && frame.ExpectingKey)
            {
                if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value != CoreTag + "str")
                    throw new YamlException(scalar.Start, scalar.End, $"{frame.Path}: mapping keys must be plain strings.");
                if (((JsonObject)frame.Container).ContainsKey(text))
                    throw new YamlException(scalar.Start, scalar.End, $"{frame.Path}: key '{text}' appears twice.");
                frame.PendingKey = text;
                frame.ExpectingKey = false;
                if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = new Anchored(JsonValue.Create(text), 1, text.Length + 2, 0);
                return;
            }
            var value = Value(scalar, Path);
            Place(scalar, value, 0);
            if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = new Anchored(value, 1, text.Length + 2, 0);
        }

        public void Alias(AnchorAlias alias)
        {
            var name = alias.Value.Value;
            if (_open.Any(f => f.Anchor == name))
                throw new YamlException(alias.Start, alias.End, $"{Path}: the alias *{name} refers to a node that contains it; recursive aliases are not allowed.");
            if (!_anchors.TryGetValue(name, out var anchored))
                throw new YamlException(alias.Start, alias.End, $"{Path}: the alias *{name} names no anchor before it.");
            if (_open.TryPeek(out var frame) && frame.ExpectingKey)
            {
                if (anchored.Value is not JsonValue key || key.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    throw new YamlException(alias.Start, alias.End, $"{frame.Path}: mapping keys must be plain strings.");
                Count(alias, anchored.Nodes, anchored.Text);
                var text = key.GetValue<string>();
                if (((JsonObject)frame.Container).ContainsKey(text))
                    throw new YamlException(alias.Start, alias.End, $"{frame.Path}: key '{text}' appears twice.");
                frame.PendingKey = text;
                frame.ExpectingKey = false;
                return;
            }
            if (_open.Count + anchored.Depth > MaxDepth)
                throw new YamlException(alias.Start, alias.End, $"{Path}: the alias *{name} makes the document nest deeper than {MaxDepth} levels.");
            // Budget first, then copy: a JSON node has one parent, and an alias bomb must fail before it is built.
            Count(alias, anchored.Nodes, anchored.Text);
            Place(alias, anchored.Value?.DeepClone(), anchored.Depth);
        }

        private void Count(ParsingEvent e, long nodes, long text)
        {
            _nodes += nodes;
            _text += text;
            if (_nodes > MaxNodes)
                throw new YamlException(e.Start, e.End, $"{Path}: the document holds more than {MaxNodes} values once its aliases are expanded.");
            if (_text > MaxTextLength)
                throw new YamlException(e.Start, e.End, $"{Path}: the document holds more than {MaxTextLength} characters once its aliases are expanded.");
        }

        private void Place(ParsingEvent e, JsonNode? value, int depth)
        {
            if (!_open.TryPeek(out var frame))
            {
                if (_hasRoot) throw new YamlException(e.Start, e.End, "Expected one YAML document, got more.");
                Root = value;
                _hasRoot = true;
                return;
            }
            frame.DepthBelow = Math.Max(frame.DepthBelow, depth);
            if (frame.Container is JsonObject map)
            {
                map[frame.PendingKey!] = value;
                frame.PendingKey = null;
                frame.ExpectingKey = true;
            }
            else ((JsonArray)frame.Container).Add(value);
            frame.Count++;
        }
    }

    /// <summary>A scalar's meaning: the core schema for plain scalars; a core tag (<c>!!str 4</c>) fixes the type.</summary>
    private static JsonNode? Value(YamlScalar scalar, string path)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty)
        {
            if (scalar.Tag.IsNonSpecific) return JsonValue.Create(text); // '!' means "a string" for a scalar
            var tag = scalar.Tag.Value;
            if (tag == CoreTag + "str") return JsonValue.Create(text);
            var plain = Plain(scalar, text, path);
            var fits = tag switch
            {
                CoreTag + "null" => plain is null,
                CoreTag + "bool" => plain?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
                CoreTag + "int" => plain is JsonValue v && v.TryGetValue<long>(out _),
                CoreTag + "float" => plain?.GetValueKind() == System.Text.Json.JsonValueKind.Number,
                _ => throw new YamlException(scalar.Start, scalar.End, $"{path}: the tag '{tag}' is not supported; only the core schema's tags are."),
            };
            if (!fits) throw new YamlException(scalar.Start, scalar.End, $"{path}: '{text}' is not a {tag[CoreTag.Length..]}.");
            return plain;
        }
        return scalar.Style is ScalarStyle.Plain ? Plain(scalar, text, path) : JsonValue.Create(text);
    }

    private static JsonNode? Plain(YamlScalar scalar, string text, string path)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
            case ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF":
                throw new YamlException(scalar.Start, scalar.End, $"{path}: {text} is not a finite number; the API accepts finite numbers only.");
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsAsciiDigit))
        {
            if (!double.IsFinite(real))
                throw new YamlException(scalar.Start, scalar.End, $"{path}: {text} is not a finite number; the API accepts finite numbers only.");
            return JsonValue.Create(real);
        }
        return JsonValue.Create(text);
    }
}

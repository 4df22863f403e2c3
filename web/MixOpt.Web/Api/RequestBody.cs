using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.Text;
using MixOpt.Web.Application;

namespace MixOpt.Web.Api;

/// <summary>
/// Reads request bodies by hand so every failure is a problem that says what is wrong: too large (413, checked
/// while reading, whatever Content-Length claims), wrong media type (415), malformed or mistyped JSON (400 with
/// the path and position). JSON is read strictly: unknown members and numbers written as strings are errors.
/// </summary>
public static class RequestBody
{
    public const long DefaultLimit = 1 << 20;     // 1 MiB: any study spec, result or run
    public const long ImportLimit = 16 << 20;     // 16 MiB: run tables

    /// <summary>The study spec's strict reading, and a duplicate key (two proportions for one domain) is an error too.</summary>
    public static JsonSerializerOptions Json { get; } = new(StudySpecFormat.Options) { AllowDuplicateProperties = false };

    /// <summary>The raw body, or a 413 problem when it exceeds <paramref name="limit"/> bytes.</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return (null, ApiProblems.TooLarge(limit));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit) return (null, ApiProblems.TooLarge(limit));
            buffer.Write(chunk, 0, n);
        }
        return (buffer.ToArray(), null);
    }

    /// <summary>A JSON body as <typeparamref name="T"/>; null body text ("null") or an empty body is a problem too.</summary>
    public static async Task<(T? Value, byte[]? Raw, ProblemHttpResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken ct, long limit = DefaultLimit, bool optional = false)
        where T : class
    {
        if (optional && request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()) return (null, [], null);
        if (!request.HasJsonContentType())
            return (null, null, ApiProblems.UnsupportedMediaType("Send the body as JSON (Content-Type: application/json)."));
        var (bytes, tooLarge) = await ReadBytesAsync(request, limit, ct);
        if (tooLarge is not null) return (null, null, tooLarge);
        if (bytes!.Length == 0)
            return optional ? (null, bytes, null) : (null, bytes, ApiProblems.BadRequest("Malformed JSON", "The request body is empty; a JSON object is required."));
        var (value, problem) = Parse<T>(bytes);
        return (value, bytes, problem);
    }

    public static (T? Value, ProblemHttpResult? Problem) Parse<T>(ReadOnlySpan<byte> json, string title = "Malformed JSON") where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Json);
            if (value is null) return (null, ApiProblems.BadRequest(title, "The body is JSON null; a JSON object is required."));
            return UnstorableText(json) is { } text ? (null, ApiProblems.BadRequest(title, text)) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.BadRequest(title, e.Message));
        }
    }

    /// <summary>
    /// Why a well-formed JSON body holds text the ledger cannot store, or null: a string or member name with NUL
    /// (written <c>\u0000</c>; PostgreSQL's text and jsonb refuse it, which surfaced as a 500) or an unpaired
    /// surrogate escape. Checked for every body, so no endpoint has to remember to.
    /// </summary>
    public static string? UnstorableText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        string? member = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                var isName = reader.TokenType == JsonTokenType.PropertyName;
                // Raw NUL bytes and lone surrogates are invalid JSON already; only escapes can smuggle them in.
                var text = reader.ValueIsEscaped || isName ? reader.GetString()! : null;
                if (reader.ValueIsEscaped && TextRules.StorageProblem(text) is { } problem)
                    return $"{(isName ? "A member name" : member is null ? "A string" : $"The value of '{TextRules.Printable(member)}'")} {problem}; text with it cannot be stored.";
                if (isName) member = text;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "The body holds a string that is not valid Unicode.";
        }
        return null;
    }
}

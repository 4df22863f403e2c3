using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Ledger;

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
    public static JsonSerializerOptions Json { get; } = new(StudySpecJson.Options) { AllowDuplicateProperties = false };

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

    public static (T? Value, ProblemHttpResult? Problem) Parse<T>(ReadOnlySpan<byte> json) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Json);
            return value is null ? (null, ApiProblems.BadRequest("Malformed JSON", "The body is JSON null; a JSON object is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.BadRequest("Malformed JSON", e.Message));
        }
    }
}

using System.Net;

namespace MixOpt.Client;

/// <summary>The server answered with a problem (4xx/5xx): its status, title, detail and, for validation problems, the bad fields.</summary>
public sealed class MixOptApiException(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    : Exception($"{(int)status} {title}: {detail}{(errors is { Count: > 0 } ? " " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) : "")}")
{
    public HttpStatusCode Status { get; } = status;
    public string? Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MixOpt.Client;

/// <summary>
/// The campaigns endpoints (<c>/api/campaigns</c>) as a small client: bodies go as the caller wrote them (YAML or JSON)
/// and answers come back as JSON documents, so the client does not pin the server's schema. A problem answer is a
/// <see cref="MixOptApiException"/>.
/// </summary>
public sealed class CampaignsClient(HttpClient http, string apiKey)
{
    /// <summary>Creates a campaign from a YAML or JSON document (chosen by its first character).</summary>
    public Task<JsonElement> CreateAsync(string document, CancellationToken ct = default)
    {
        var json = document.TrimStart().StartsWith('{');
        var content = new StringContent(document, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/yaml");
        return SendAsync(HttpMethod.Post, "api/campaigns", content, ct);
    }

    public Task<JsonElement> ListAsync(int skip = 0, int take = 100, CancellationToken ct = default) => SendAsync(HttpMethod.Get, $"api/campaigns?skip={skip}&take={take}", null, ct);

    public Task<JsonElement> GetAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Get, $"api/campaigns/{id}", null, ct);

    public Task<JsonElement> FiringsAsync(Guid id, int skip = 0, int take = 100, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"api/campaigns/{id}/firings?skip={skip}&take={take}", null, ct);

    public Task<JsonElement> PauseAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Post, $"api/campaigns/{id}/pause", null, ct);

    public Task<JsonElement> ResumeAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Post, $"api/campaigns/{id}/resume", null, ct);

    public Task<JsonElement> TriggerAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Post, $"api/campaigns/{id}/trigger", null, ct);

    public Task DeleteAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, $"api/campaigns/{id}", null, ct);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw Problem(response.StatusCode, response.ReasonPhrase, text);
        if (response.StatusCode == HttpStatusCode.NoContent || text.Length == 0) return default;
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static MixOptApiException Problem(HttpStatusCode status, string? reason, string body)
    {
        string? title = reason, detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("title", out var t)) title = t.GetString();
            if (root.TryGetProperty("detail", out var d)) detail = d.GetString();
            if (root.TryGetProperty("errors", out var e)) errors = e.Deserialize<Dictionary<string, string[]>>();
        }
        catch (JsonException) { }
        return new MixOptApiException(status, title, detail, errors);
    }
}

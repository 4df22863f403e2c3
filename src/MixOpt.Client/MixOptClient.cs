using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MixOpt.Client;

/// <summary>
/// Typed client of MixOpt's REST API. Give it an <see cref="HttpClient"/> whose BaseAddress is the server and an
/// API key; every failure the server reports becomes a <see cref="MixOptApiException"/> carrying its problem details.
/// Thread-safe (one instance may serve many concurrent trainers).
/// </summary>
public sealed class MixOptClient(HttpClient http, string apiKey)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public HttpClient Http => http;

    // ---- studies ----

    /// <summary>Submits a study spec (any object that serializes to the spec's JSON, e.g. an anonymous object).</summary>
    public Task<StudyInfo> CreateStudyAsync(object spec, CancellationToken ct = default) =>
        SendAsync<StudyInfo>(HttpMethod.Post, "api/studies", JsonContent.Create(spec, options: Json), ct);

    public Task<StudyInfo> CreateStudyFromYamlAsync(string yaml, CancellationToken ct = default) =>
        SendAsync<StudyInfo>(HttpMethod.Post, "api/studies", new StringContent(yaml, Encoding.UTF8, "application/yaml"), ct);

    /// <summary>Submits a study spec that is already JSON text (a file the user wrote).</summary>
    public Task<StudyInfo> CreateStudyFromJsonAsync(string json, CancellationToken ct = default) =>
        SendAsync<StudyInfo>(HttpMethod.Post, "api/studies", new StringContent(json, Encoding.UTF8, "application/json"), ct);

    public Task<StudyInfo> GetStudyAsync(Guid id, CancellationToken ct = default) => SendAsync<StudyInfo>(HttpMethod.Get, $"api/studies/{id}", null, ct);

    public Task<IReadOnlyList<StudySummary>> ListStudiesAsync(string? status = null, string? strategy = null, string? name = null, int skip = 0, int take = 100, CancellationToken ct = default)
    {
        var query = $"api/studies?skip={skip}&take={take}" + Param("status", status) + Param("strategy", strategy) + Param("name", name);
        return SendAsync<IReadOnlyList<StudySummary>>(HttpMethod.Get, query, null, ct);
    }

    public Task<StudyInfo> UpdateBudgetAsync(Guid id, int? runs = null, double? cost = null, int? parallelism = null, CancellationToken ct = default) =>
        SendAsync<StudyInfo>(HttpMethod.Patch, $"api/studies/{id}/budget", JsonContent.Create(new { runs, cost, parallelism }, options: Json), ct);

    public Task<StudyInfo> PauseAsync(Guid id, CancellationToken ct = default) => SendAsync<StudyInfo>(HttpMethod.Post, $"api/studies/{id}/pause", null, ct);
    public Task<StudyInfo> ResumeAsync(Guid id, CancellationToken ct = default) => SendAsync<StudyInfo>(HttpMethod.Post, $"api/studies/{id}/resume", null, ct);
    public Task<StudyInfo> CancelAsync(Guid id, CancellationToken ct = default) => SendAsync<StudyInfo>(HttpMethod.Post, $"api/studies/{id}/cancel", null, ct);
    public Task DeleteStudyAsync(Guid id, CancellationToken ct = default) => SendAsync<object>(HttpMethod.Delete, $"api/studies/{id}", null, ct);

    // ---- ask/tell ----

    /// <summary>Leases the study's next run, or returns null when none is ready now (poll again, or stop once the study has finished).</summary>
    public Task<RunLease?> LeaseAsync(Guid studyId, string? worker = null, int? leaseSeconds = null, CancellationToken ct = default) =>
        SendAsync<RunLease?>(HttpMethod.Post, $"api/studies/{studyId}/runs:lease", JsonContent.Create(new { worker, leaseSeconds }, options: Json), ct);

    public async Task<DateTimeOffset> HeartbeatAsync(RunLease lease, int? leaseSeconds = null, CancellationToken ct = default)
    {
        var answer = await SendAsync<JsonElement>(HttpMethod.Post, $"api/studies/{lease.StudyId}/runs/{lease.RunId}/heartbeat",
            JsonContent.Create(new { leaseToken = lease.LeaseToken, leaseSeconds }, options: Json), ct);
        return answer.GetProperty("leaseExpiresAt").GetDateTimeOffset();
    }

    /// <summary>
    /// Reports a leased run's result. <paramref name="idempotencyKey"/> defaults to one derived from the lease, so a
    /// retry of this call (after a timeout) gets the same answer instead of an error.
    /// </summary>
    public Task<RunResult> ReportAsync(RunLease lease, IReadOnlyDictionary<string, double> metrics, double? cost = null, double? seconds = null,
        IReadOnlyList<double>? lossCurve = null, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/studies/{lease.StudyId}/runs/{lease.RunId}/result")
        {
            Content = JsonContent.Create(new { leaseToken = lease.LeaseToken, metrics, cost, seconds, lossCurve }, options: Json),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? $"result-{lease.LeaseToken:N}");
        return SendAsync<RunResult>(request, ct);
    }

    /// <summary>Reports that the attempt failed; returns "Requeued" or "Failed" (the run used all its attempts).</summary>
    public async Task<string> ReportFailureAsync(RunLease lease, string reason, CancellationToken ct = default)
    {
        var answer = await SendAsync<JsonElement>(HttpMethod.Post, $"api/studies/{lease.StudyId}/runs/{lease.RunId}/failure",
            JsonContent.Create(new { leaseToken = lease.LeaseToken, reason }, options: Json), ct);
        return answer.GetProperty("run").GetString()!;
    }

    /// <summary>
    /// In-run re-weighting (strategy aioli, executor external): reports the leased run's per-domain validation losses
    /// after <paramref name="step"/> of <paramref name="totalSteps"/> steps (0 before training) and returns what to train
    /// next. Safe to retry: the same report gets the same answer and advances nothing.
    /// </summary>
    public Task<InRunRound> PostRoundAsync(RunLease lease, int step, int totalSteps, IReadOnlyDictionary<string, double> losses,
        long? tokensSeen = null, IReadOnlyDictionary<string, double>? proportions = null, CancellationToken ct = default) =>
        SendAsync<InRunRound>(HttpMethod.Post, $"api/studies/{lease.StudyId}/runs/{lease.RunId}/rounds",
            JsonContent.Create(new { leaseToken = lease.LeaseToken, step, tokensSeen, totalSteps, losses, proportions }, options: Json), ct);

    /// <summary>A run's recorded in-run trajectory (rounds, recommended mixture, note), or null when it has none.</summary>
    public async Task<InRunTrajectory?> GetRoundsAsync(Guid studyId, Guid runId, CancellationToken ct = default)
    {
        try
        {
            return await SendAsync<InRunTrajectory>(HttpMethod.Get, $"api/studies/{studyId}/runs/{runId}/rounds", null, ct);
        }
        catch (MixOptApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Records a run made outside MixOpt (warm start).</summary>
    public Task<ImportResult> RecordRunAsync(Guid studyId, IReadOnlyDictionary<string, double> mixture, IReadOnlyDictionary<string, double> metrics,
        double? fidelity = null, double? cost = null, CancellationToken ct = default) =>
        SendAsync<ImportResult>(HttpMethod.Post, $"api/studies/{studyId}/runs", JsonContent.Create(new { mixture, fidelity, metrics, cost }, options: Json), ct);

    // ---- reports, import/export ----

    /// <summary>The current recommendation, or null when the study cannot recommend yet (no succeeded run).</summary>
    public async Task<Recommendation?> GetRecommendationAsync(Guid studyId, CancellationToken ct = default)
    {
        try
        {
            return await SendAsync<Recommendation>(HttpMethod.Get, $"api/studies/{studyId}/recommendation", null, ct);
        }
        catch (MixOptApiException e) when (e.Status == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<SurrogateScore>> GetSurrogatesAsync(Guid studyId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<SurrogateScore>>(HttpMethod.Get, $"api/studies/{studyId}/surrogates", null, ct);

    public Task<IReadOnlyList<ProgressPoint>> GetProgressAsync(Guid studyId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<ProgressPoint>>(HttpMethod.Get, $"api/studies/{studyId}/progress", null, ct);

    /// <summary>format: csv, json, regmix-mixtures or regmix-metrics.</summary>
    public async Task<string> ExportAsync(Guid studyId, string format = "csv", CancellationToken ct = default)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, $"api/studies/{studyId}/export?format={Uri.EscapeDataString(format)}"), ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public Task<ImportResult> ImportCsvAsync(Guid studyId, string csv, CancellationToken ct = default) =>
        SendAsync<ImportResult>(HttpMethod.Post, $"api/studies/{studyId}/import?format=csv", new StringContent(csv, Encoding.UTF8, "text/csv"), ct);

    // ---- keys (admin) ----

    public Task<CreatedApiKey> CreateKeyAsync(string name, IReadOnlyList<string> scopes, CancellationToken ct = default) =>
        SendAsync<CreatedApiKey>(HttpMethod.Post, "api/keys", JsonContent.Create(new { name, scopes }, options: Json), ct);

    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken ct = default) => SendAsync<IReadOnlyList<ApiKeyInfo>>(HttpMethod.Get, "api/keys", null, ct);

    public Task RevokeKeyAsync(string id, CancellationToken ct = default) => SendAsync<object>(HttpMethod.Delete, $"api/keys/{Uri.EscapeDataString(id)}", null, ct);

    // ---- any endpoint, as the server's JSON ----

    /// <summary>
    /// GETs <paramref name="path"/> (relative, e.g. <c>api/studies/{id}</c>) and returns the server's JSON as it is,
    /// every member included: for callers that print or forward it (<c>mixopt ... --output json</c>).
    /// </summary>
    public Task<JsonElement> GetJsonAsync(string path, CancellationToken ct = default) => SendAsync<JsonElement>(HttpMethod.Get, path, null, ct);

    // ---- plumbing ----

    private Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken ct) =>
        SendAsync<T>(new HttpRequestMessage(method, path) { Content = content }, ct);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await SendRawAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NoContent) return default!;
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            request.Headers.Add("X-Api-Key", apiKey);
            var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return response;
            using (response) throw await ProblemAsync(response, ct);
        }
    }

    private static async Task<MixOptApiException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string? title = response.ReasonPhrase, detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = doc.RootElement;
            if (root.TryGetProperty("title", out var t)) title = t.GetString();
            if (root.TryGetProperty("detail", out var d)) detail = d.GetString();
            if (root.TryGetProperty("errors", out var e)) errors = e.Deserialize<Dictionary<string, string[]>>();
        }
        catch (JsonException) { }
        return new MixOptApiException(response.StatusCode, title, detail, errors);
    }

    private static string Param(string name, string? value) => value is null ? "" : $"&{name}={Uri.EscapeDataString(value)}";
}

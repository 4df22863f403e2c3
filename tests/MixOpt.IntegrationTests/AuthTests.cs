using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>API keys: scopes, shown once and stored hashed, revocation, anonymous endpoints, the dashboard's redirect, rate limits.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class AuthTests
{
    [Fact]
    public async Task Keys_have_scopes_are_stored_hashed_and_stop_working_when_revoked()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var admin = host.Client;
        var created = await admin.CreateKeyAsync("reader", ["read"]);
        Assert.StartsWith($"mxo_{created.Id}_", created.Key);
        // Only the hash is stored: the key text appears nowhere in the ledger, and listing never shows it.
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM api_keys WHERE id = @i AND key_hash = sha256(convert_to(@k, 'UTF8'))", ("i", created.Id), ("k", created.Key)));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM api_keys WHERE name = @k OR id = @k", ("k", created.Key)));
        var listed = await host.Http.GetStringAsync("/api/keys");
        Assert.Contains(created.Id, listed);
        Assert.DoesNotContain(created.Key, listed);

        using var http = host.Anonymous();
        var reader = new MixOptClient(http, created.Key);
        Assert.Empty(await reader.ListStudiesAsync());
        var denied = await Assert.ThrowsAsync<MixOptApiException>(() => reader.CreateStudyAsync(ExternalStudies.Spec("x", runs: 2)));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Contains("'write'", denied.Detail);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM studies"));

        // Authorization: Bearer works as well as X-Api-Key.
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/studies") { Headers = { Authorization = new("Bearer", created.Key) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);

        await admin.RevokeKeyAsync(created.Id);
        var revoked = await Assert.ThrowsAsync<MixOptApiException>(() => reader.ListStudiesAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Contains("revoked", revoked.Detail);
    }

    [Fact]
    public async Task Only_health_openapi_docs_and_login_are_anonymous_and_the_dashboard_sends_people_to_sign_in()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };

        using var following = host.Anonymous();
        foreach (var open in new[] { "/health", "/openapi/v1.json", "/api/docs", "/login" })
        {
            var response = await following.GetAsync(open);
            Assert.True(response.IsSuccessStatusCode, $"{open} should be anonymous, got {(int)response.StatusCode}");
            Assert.DoesNotContain("returnUrl", response.RequestMessage!.RequestUri!.Query, StringComparison.OrdinalIgnoreCase);
        }
        foreach (var closed in new[] { "/api/studies", "/api/keys", $"/api/studies/{Guid.NewGuid()}/recommendation" })
        {
            var response = await http.GetAsync(closed);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);

        // The OpenAPI document declares the key and every operation requires it.
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name} declares no security");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} {path.Name} has no summary");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("description").GetString()), $"{operation.Name} {path.Name} has no description");
            }
        var lease = document.RootElement.GetProperty("paths").GetProperty("/api/studies/{id}/runs:lease").GetProperty("post");
        Assert.True(lease.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
    }

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_problems_with_retry_after()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db, null, "--RateLimit:PermitsPerSecond=1", "--RateLimit:Burst=5");
        // A second key, made before the first one runs dry: the limit is per key.
        var otherKey = (await host.Client.CreateKeyAsync("other", ["read"])).Key;
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++) statuses.Add(await host.Http.GetAsync("/api/studies"));
        Assert.InRange(statuses.Count(r => r.StatusCode == HttpStatusCode.OK), 3, 7);
        var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("requests per second", await limited.Content.ReadAsStringAsync());
        Assert.True(limited.Headers.RetryAfter is not null);
        using var other = host.Anonymous();
        other.DefaultRequestHeaders.Add("X-Api-Key", otherKey);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/studies")).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using Npgsql;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Requests that took the service down, poisoned study lists or answered 500 (issue 14), against the real service.
/// The single malformed requests are in the bad-request corpus; these need a set-up or a look at the ledger.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class HardeningTests : EmbeddedHostTests
{
    protected override string[] HostArguments => ["--RateLimit:FailedAuthBurst=20", "--RateLimit:FailedAuthPerSecond=1"];

    private static readonly string[] Tables = ["studies", "runs", "run_results", "run_metrics"];

    private async Task<string> RowCountsAsync()
    {
        await using var conn = new NpgsqlConnection(Db.ConnectionString);
        await conn.OpenAsync();
        var counts = new List<string>();
        foreach (var t in Tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {t}", conn);
            counts.Add($"{t}={await cmd.ExecuteScalarAsync()}");
        }
        return string.Join(" ", counts);
    }

    private async Task<Guid> ExternalStudyAsync(string name) =>
        (await Host.Client.CreateStudyAsync(ExternalStudies.Spec(name, runs: 4, parallelism: 1))).Id;

    [Fact]
    public async Task A_warm_start_or_import_whose_objective_overflows_is_refused_and_writes_nothing()
    {
        var id = await ExternalStudyAsync("overflow");
        var before = await RowCountsAsync();
        var run = new { mixture = new { web = 0.5, code = 0.3, books = 0.2 }, metrics = new Dictionary<string, double> { ["loss:web"] = 1e308, ["loss:code"] = 1e308, ["loss:books"] = 1e308 } };
        var warm = await Host.Http.PostAsJsonAsync($"/api/studies/{id}/runs", run);
        Assert.Equal(HttpStatusCode.BadRequest, warm.StatusCode);
        Assert.Contains("finite", await warm.Content.ReadAsStringAsync());

        var csv = new StringContent("w:web,w:code,w:books,fidelity,m:loss:web,m:loss:code,m:loss:books\n0.5,0.3,0.2,1,1e308,1e308,1e308\n", Encoding.UTF8, "text/csv");
        var import = await Host.Http.PostAsync($"/api/studies/{id}/import?format=csv", csv);
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Equal("application/problem+json", import.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await RowCountsAsync());
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync($"/api/studies/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/api/studies")).StatusCode);
    }

    [Fact]
    public async Task A_stored_non_finite_value_never_makes_a_reader_answer_500()
    {
        // Rows written before the checks existed: every reader must still read them back.
        var id = await ExternalStudyAsync("poisoned");
        var warm = await Host.Http.PostAsJsonAsync($"/api/studies/{id}/runs", new { mixture = new { web = 0.5, code = 0.3, books = 0.2 }, metrics = new Dictionary<string, double> { ["loss:web"] = 3, ["loss:code"] = 3, ["loss:books"] = 3 } });
        Assert.Equal(HttpStatusCode.Created, warm.StatusCode);
        // Cancelled, so its grain never recomputes the best value over the poisoned one.
        await Host.Client.CancelAsync(id);
        await using (var conn = new NpgsqlConnection(Db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "UPDATE studies SET best_value = 'Infinity', optimum_value = '-Infinity' WHERE id = @id; " +
                "UPDATE runs SET objective = 'Infinity', cost = 'NaN' WHERE study_id = @id; " +
                "UPDATE run_results SET objective = 'Infinity' WHERE run_id IN (SELECT id FROM runs WHERE study_id = @id); " +
                "UPDATE run_metrics SET value = 'Infinity' WHERE run_id IN (SELECT id FROM runs WHERE study_id = @id)", conn);
            cmd.Parameters.AddWithValue("id", id);
            await cmd.ExecuteNonQueryAsync();
        }
        foreach (var path in new[] { $"/api/studies/{id}", "/api/studies", $"/api/studies/{id}/export?format=json", $"/api/studies/{id}/export?format=csv", $"/api/studies/{id}/progress" })
        {
            var response = await Host.Http.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var list = JsonDocument.Parse(await Host.Http.GetStringAsync("/api/studies"));
        Assert.Contains(list.RootElement.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id
            && (!s.TryGetProperty("bestValue", out var best) || best.ValueKind == JsonValueKind.Null));
    }

    [Fact]
    public async Task A_simulated_study_with_t_all_zeros_is_created_and_reads_back()
    {
        var body = new
        {
            name = "flat oracle",
            domains = new[] { new { name = "web" }, new { name = "code" }, new { name = "books" } },
            budget = new { runs = 2, parallelism = 1 },
            simulator = new { t = new[] { new[] { 0.0, 0, 0 }, new[] { 0.0, 0, 0 }, new[] { 0.0, 0, 0 } }, runSeconds = 0 },
        };
        var created = await Host.Http.PostAsJsonAsync("/api/studies", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var study = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.True(double.IsFinite(study.RootElement.GetProperty("optimum").GetProperty("value").GetDouble()));
        var id = study.RootElement.GetProperty("id").GetGuid();
        await Host.WaitUntilFinishedAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync($"/api/studies/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/api/studies")).StatusCode);
    }

    [Fact]
    public async Task A_csv_row_with_a_million_unknown_columns_gets_a_bounded_list_of_errors()
    {
        var id = await ExternalStudyAsync("wide");
        var before = await RowCountsAsync();
        const int extra = 1_000_000;
        var header = new StringBuilder("w:web,w:code,w:books");
        var row = new StringBuilder("0.5,0.3,0.2");
        for (var i = 0; i < extra; i++) { header.Append(",w:x").Append(i); row.Append(",0"); }
        var csv = header.Append(",m:loss:web,m:loss:code,m:loss:books\n").Append(row).Append(",3,3,3\n").ToString();
        var response = await Host.Http.PostAsync($"/api/studies/{id}/import?format=csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 20_000, $"the problem is {text.Length} characters long");
        using var problem = JsonDocument.Parse(text);
        var messages = problem.RootElement.GetProperty("errors").EnumerateObject().Sum(e => e.Value.GetArrayLength());
        Assert.InRange(messages, 1, 50);
        Assert.Contains("more names that are not domains", text);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Failed_authentication_is_limited_by_client_address_before_authentication()
    {
        using var http = Host.Anonymous();
        http.DefaultRequestHeaders.Add("X-Api-Key", "mxo_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 60; i++)
        {
            var response = await http.GetAsync("/api/studies");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
        }
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.NotNull(limited);
        Assert.Equal("application/problem+json", limited!.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(limited.Headers.RetryAfter);
        // Only 401s and 429s: no failed authentication got through, and the 429s came once the bucket was spent.
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 20, 40);
        // Health probes come from the same addresses as everything else and must still see the service.
        using var probe = Host.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    public async Task The_sign_in_sends_an_unsafe_return_url_home_instead_of_failing(string returnUrl)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = Host.Address };
        var page = await http.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, page);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value), ["apiKey"] = MixOptTestHost.BootstrapKey, ["returnUrl"] = returnUrl,
        });
        var response = await http.PostAsync("/login", form);
        Assert.True((int)response.StatusCode is >= 300 and < 400, $"{(int)response.StatusCode}");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryField();
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MixOpt.IntegrationTests.Fuzz;

/// <summary>
/// A generative, seeded fuzz test of the whole REST API (issue 14): requests built from the service's own OpenAPI
/// document, for every operation in it, then mutated (types, extreme numbers, hostile Unicode and NUL, depth, size,
/// broken JSON, wrong media types, bad ids and query values, missing or bad keys). Every answer must be below 500,
/// every 4xx must be problem details, a refused request must change no ledger row, and /health must keep answering.
/// It prints its case count and 5xx count. The seed and case count are fixed (MIXOPT_FUZZ_SEED and
/// MIXOPT_FUZZ_CASES override them for a longer hunt); a deadline keeps it within two minutes on a slow machine.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    internal const int DefaultSeed = 14;
    private const int DefaultCases = 2000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Tables only requests write: runs and run_attempts also change in the background (a study proposes runs after a
    /// result, the scheduler sweeps expired leases), so they are left out of the before/after comparison.
    /// </summary>
    private static readonly string[] Tables = ["studies", "run_results", "run_metrics", "api_keys", "idempotent_requests", "campaigns", "campaign_firings", "run_in_run", "run_rounds"];

    [Fact]
    public async Task Generated_requests_for_every_endpoint_never_get_a_5xx_and_refusals_change_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MIXOPT_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("MIXOPT_FUZZ_CASES"), out var c) && c > 0 ? c : DefaultCases;
        await using var db = await TestDatabase.CreateAsync();
        // Limits high enough that the fuzzer's own pace and its bad keys are never what answers.
        await using var host = await MixOptTestHost.StartAsync(db, null, "--Scheduler:ResumeInterval=01:00:00",
            "--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000",
            "--RateLimit:FailedAuthPerSecond=1000000", "--RateLimit:FailedAuthBurst=1000000");
        var fixture = await FixtureAsync(host);
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json"));
        var operations = Operations(document.RootElement);
        Assert.True(operations.Count >= 15, $"the OpenAPI document lists {operations.Count} operations");

        var random = new Random(seed);
        var values = new SchemaValues(document.RootElement, random, fixture);
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60),
        };
        var failures = new List<string>();
        int sent = 0, serverErrors = 0, bareErrors = 0, changedRows = 0;
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();

        for (var i = 0; i < cases && clock.Elapsed < Deadline; i++)
        {
            // Every operation in turn, so each gets its share whatever the seed.
            var operation = operations[i % operations.Count];
            var fuzzed = values.Request(operation);
            using var request = fuzzed.ToHttpRequest(fixture);
            var before = operation.Method == "GET" ? null : await SnapshotAsync(conn);
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            sent++;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            string? failure = null;
            if (status >= 500)
            {
                serverErrors++;
                failure = $"{status}";
            }
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json" && !RefusedByKestrel(response, text))
            {
                bareErrors++;
                failure = $"{status} without problem details ({response.Content.Headers.ContentType})";
            }
            else if (status >= 400 && before is not null && await SnapshotAsync(conn) is var after && after != before)
            {
                changedRows++;
                failure = $"{status}, yet rows changed: {before} -> {after}";
            }
            if (failure is not null && failures.Count < 25)
                failures.Add($"case {i} {fuzzed.Describe()}: {failure}: {Shorten(text, 300)}");

            // A study or campaign the fuzzer managed to create would run in the background: remove it at once.
            if (status == 201 && operation.Method == "POST" && operation.Path == "/api/studies"
                && JsonNode.Parse(text)?["id"]?.GetValue<Guid>() is { } created)
                await host.Http.DeleteAsync($"/api/studies/{created}");
            if (status == 201 && operation.Method == "POST" && operation.Path == "/api/campaigns"
                && JsonNode.Parse(text)?["id"]?.GetValue<Guid>() is { } campaign)
                await host.Http.DeleteAsync($"/api/campaigns/{campaign}");
            if (i % 250 == 249) Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
        }

        var summary = $"fuzz: {sent} cases over {operations.Count} operations (seed {seed}) in {clock.Elapsed.TotalSeconds:0} s: " +
                      $"{serverErrors} 5xx, {bareErrors} 4xx without problem details, {changedRows} refusals that changed rows; statuses " +
                      string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"));
        output.WriteLine(summary);
        Console.WriteLine(summary);
        using var health = await host.Anonymous().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures));
        Assert.True(sent >= Math.Min(cases, 500), $"only {sent} cases ran before the deadline");
    }

    /// <summary>
    /// Kestrel itself answers a request it cannot parse (a NUL in the decoded path: 400; a request line over 8 KiB:
    /// 414; headers too large: 431) before any middleware runs, with an empty body and the connection closed; no
    /// application code can give those problem details. Anything else empty is the application's and fails.
    /// </summary>
    private static bool RefusedByKestrel(HttpResponseMessage response, string text) =>
        (int)response.StatusCode is 400 or 414 or 431 && text.Length == 0 && response.Headers.ConnectionClose == true;

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static async Task<string> SnapshotAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("SELECT " + string.Join(" || ' ' || ", Tables.Select(t => $"'{t}=' || (SELECT count(*) FROM {t})")), conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Every (method, path) of the document with its parameters and JSON body schema.</summary>
    internal static List<Operation> Operations(JsonElement document)
    {
        var list = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                if (op.Name is not ("get" or "post" or "put" or "patch" or "delete")) continue;
                var parameters = op.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Select(x => x.Clone()).ToList() : [];
                JsonElement? body = null;
                var mediaTypes = new List<string>();
                if (op.Value.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content))
                    foreach (var media in content.EnumerateObject())
                    {
                        mediaTypes.Add(media.Name);
                        if (media.Value.TryGetProperty("schema", out var schema) && (body is null || media.Name == "application/json")) body = schema.Clone();
                    }
                list.Add(new Operation(op.Name.ToUpperInvariant(), path.Name, parameters, body, mediaTypes));
            }
        return list.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>An external study with a leased run, and an admin key: what path ids and lease tokens are drawn from.</summary>
    private static async Task<Fixture> FixtureAsync(MixOptTestHost host)
    {
        var study = await host.Client.CreateStudyAsync(ExternalStudies.Spec("fuzz", runs: 40, parallelism: 4));
        var lease = await Eventually.Until(() => host.Client.LeaseAsync(study.Id, leaseSeconds: 3600), l => l is not null, TimeSpan.FromSeconds(20), "a run to lease");
        return new Fixture(study.Id, lease!.RunId, lease.LeaseToken, MixOptTestHost.BootstrapKey);
    }
}

public sealed record Fixture(Guid Study, Guid Run, Guid Token, string AdminKey);

public sealed record Operation(string Method, string Path, IReadOnlyList<JsonElement> Parameters, JsonElement? Body, IReadOnlyList<string> MediaTypes);

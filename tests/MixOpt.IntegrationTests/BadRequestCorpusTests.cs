using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using Npgsql;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The bad-input corpus (BadRequests/corpus.json, over 100 malformed requests): each gets its 4xx with problem
/// details naming the problem, none gets a 5xx, no ledger row is written and no study changes.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class BadRequestCorpusTests
{
    private static readonly string[] Tables = ["studies", "runs", "run_results", "run_metrics", "run_attempts", "api_keys", "idempotent_requests", "campaigns", "campaign_firings"];

    [Fact]
    public async Task Every_malformed_request_gets_its_4xx_problem_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        // No periodic resume: nothing but the corpus may touch the fixture while it runs.
        await using var host = await MixOptTestHost.StartAsync(db, null, "--Scheduler:ResumeInterval=01:00:00");
        var fixture = await FixtureAsync(host);
        // The scheduler sweeps expired leases every few seconds, external studies' included: wait for it to end the
        // fixture's expired lease before the snapshot, so that sweep is not mistaken for a change made by the corpus.
        await Eventually.Until(() => RunStateAsync(db, fixture["expiredRun"]), state => state == "Queued", TimeSpan.FromSeconds(30), "the expired lease to be swept");
        var cases = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "tests/MixOpt.IntegrationTests/BadRequests/corpus.json")))!["cases"]!.AsArray();
        Assert.True(cases.Count >= 100, $"the corpus has {cases.Count} cases");

        var before = await SnapshotAsync(db);
        var failures = new List<string>();
        // Headers go out as UTF-8, so a case can send the non-ASCII bytes a hostile client would (HttpClient refuses by default).
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60),
        };
        foreach (var node in cases)
        {
            var c = node!.AsObject();
            var name = (string)c["name"]!;
            using var request = BuildRequest(c, fixture);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var expected = (int)c["status"]!;
            if ((int)response.StatusCode != expected)
                failures.Add($"{name}: expected {expected}, got {(int)response.StatusCode} {text}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{name}: no problem details (Content-Type {response.Content.Headers.ContentType})");
            else if (!text.Contains(Fill((string)c["problem"]!, fixture), StringComparison.OrdinalIgnoreCase))
                failures.Add($"{name}: the problem does not say '{c["problem"]}': {text}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync(db));
    }

    private static HttpRequestMessage BuildRequest(JsonObject c, IReadOnlyDictionary<string, string> fixture)
    {
        var request = new HttpRequestMessage(new HttpMethod((string)c["method"]!), Fill((string)c["path"]!, fixture));
        string? body = c["body"] is { } raw ? Fill((string)raw!, fixture)
            : c["json"] is { } json ? Fill(json.ToJsonString(), fixture)
            : c["bodySize"] is { } size ? "{\"name\":\"" + new string('x', (int)size!) + "\"}"
            : null;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue((string?)c["contentType"] ?? "application/json");
        }
        if (c["headers"] is JsonObject headers)
            foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, Fill((string)v!, fixture));
        switch ((string?)c["auth"] ?? "admin")
        {
            case "none": break;
            case "malformed": request.Headers.Add("X-Api-Key", "let-me-in"); break;
            case "unknown": request.Headers.Add("X-Api-Key", "mxo_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); break;
            case "bearer-unknown": request.Headers.Authorization = new("Bearer", "mxo_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); break;
            case var scope: request.Headers.Add("X-Api-Key", fixture["key:" + scope]); break;
        }
        return request;
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> fixture)
    {
        foreach (var (k, v) in fixture) text = text.Replace("{" + k + "}", v);
        return text;
    }

    /// <summary>
    /// An external study with a finished run (reported with an idempotency key), a leased run, a run whose first
    /// lease was superseded and one whose lease expired; another study with a leased run; a cancelled study; a
    /// completed simulated study; and read, write and revoked keys.
    /// </summary>
    private static async Task<Dictionary<string, string>> FixtureAsync(MixOptTestHost host)
    {
        var client = host.Client;
        var f = new Dictionary<string, string> { ["missing"] = Guid.NewGuid().ToString(), ["key:admin"] = MixOptTestHost.BootstrapKey };
        foreach (var scope in new[] { "read", "write", "revoked" })
            f["key:" + scope] = (await client.CreateKeyAsync("corpus-" + scope, [scope == "revoked" ? "admin" : scope])).Key;
        var revoked = (await client.ListKeysAsync()).Single(k => k.Name == "corpus-revoked");
        await client.RevokeKeyAsync(revoked.Id);

        var study = await client.CreateStudyAsync(ExternalStudies.Spec("corpus", runs: 10, parallelism: 4));
        f["study"] = study.Id.ToString();
        var done = await LeaseAsync(client, study.Id, 3600);
        f["doneRun"] = done.RunId.ToString();
        f["doneToken"] = done.LeaseToken.ToString();
        f["fixtureIdempotencyKey"] = "corpus-fixture-key";
        await client.ReportAsync(done, ExternalStudies.Losses(done.Mixture, done.Fidelity), idempotencyKey: "corpus-fixture-key");
        // The result makes the study propose one more run; wait for it so nothing moves during the corpus.
        await Eventually.Until(() => client.GetStudyAsync(study.Id), s => s.RunsPending == 4, TimeSpan.FromSeconds(20), "the study to refill its runs");
        var run = await LeaseAsync(client, study.Id, 3600);
        f["run"] = run.RunId.ToString();
        f["token"] = run.LeaseToken.ToString();
        var superseded = await LeaseAsync(client, study.Id, 1);
        // The scheduler's sweep (every few seconds) ends the expired lease and queues the run again; as the queued run
        // with the lowest ordinal it is the next one leased, as a new attempt.
        await Eventually.Until(() => RunStateAsync(host, superseded.RunId), state => state == "Queued", TimeSpan.FromSeconds(30), "the expired lease to be swept");
        var again = await LeaseAsync(client, study.Id, 3600);
        Assert.Equal(superseded.RunId, again.RunId);
        f["supersededRun"] = superseded.RunId.ToString();
        f["supersededToken"] = superseded.LeaseToken.ToString();
        var expired = await LeaseAsync(client, study.Id, 1);
        f["expiredRun"] = expired.RunId.ToString();
        f["expiredToken"] = expired.LeaseToken.ToString();

        var other = await client.CreateStudyAsync(ExternalStudies.Spec("corpus-other", runs: 2, parallelism: 1));
        f["other"] = other.Id.ToString();
        var otherLease = await LeaseAsync(client, other.Id, 3600);
        f["otherRun"] = otherLease.RunId.ToString();
        f["otherToken"] = otherLease.LeaseToken.ToString();

        var cancelled = await client.CreateStudyAsync(ExternalStudies.Spec("corpus-cancelled", runs: 2));
        await client.CancelAsync(cancelled.Id);
        f["cancelled"] = cancelled.Id.ToString();

        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("corpus-simulated", runs: 2, seed: 1, runSeconds: 0));
        var simulated = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await host.WaitUntilFinishedAsync(simulated);
        f["simulated"] = simulated.ToString();
        await Task.Delay(1600); // the last lease has now expired
        return f;
    }

    private static async Task<string?> RunStateAsync(MixOptTestHost host, Guid runId) =>
        (await host.Services.GetRequiredService<MixOpt.Ledger.StudyLedger>().FindRunAsync(runId))?.State.ToString();

    private static async Task<RunLease> LeaseAsync(MixOptClient client, Guid studyId, int seconds) =>
        (await Eventually.Until(() => client.LeaseAsync(studyId, leaseSeconds: seconds), l => l is not null, TimeSpan.FromSeconds(20), "a run to lease"))!;

    private static async Task<string?> RunStateAsync(TestDatabase db, string runId)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT state FROM runs WHERE id = @id", conn);
        cmd.Parameters.AddWithValue("id", Guid.Parse(runId));
        return (string?)await cmd.ExecuteScalarAsync();
    }

    /// <summary>Row counts of every ledger table and the state of every study, run and key.</summary>
    private static async Task<string> SnapshotAsync(TestDatabase db)
    {
        var text = new StringBuilder();
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        foreach (var sql in Tables.Select(t => $"SELECT '{t}', count(*)::text FROM {t}").Concat([
                     "SELECT id::text, status || ' ' || run_budget || ' ' || updated_at || ' ' || spec::text FROM studies ORDER BY id",
                     "SELECT id::text, state || ' ' || attempts || ' ' || coalesce(lease_token::text, '-') || ' ' || coalesce(lease_expires_at::text, '-') FROM runs ORDER BY id",
                     "SELECT id, coalesce(revoked_at::text, '-') FROM api_keys ORDER BY id",
                 ]))
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) text.Append(reader.GetString(0)).Append(": ").AppendLine(reader.GetString(1));
        }
        return text.ToString();
    }
}

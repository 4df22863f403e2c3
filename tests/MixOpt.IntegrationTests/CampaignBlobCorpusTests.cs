using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using MixOpt.Artifacts;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;
using Npgsql;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The re-mix action on a corpus in a blob container (<c>action.shards: blob://CONTAINER/PREFIX</c>) with the real
/// embedded host, PostgreSQL and Azurite: shards prepared into the container, one domain re-prepared, the diff and the
/// frozen block; a missing container and hostile manifests fail the firing with a reason and store nothing of them;
/// a malformed source is a 400 at create and PATCH with nothing written.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class CampaignBlobCorpusTests
{
    private const string Prefix = "weekly/";

    private static object Template(int runs = 16) => new
    {
        name = "blob re-mix study",
        domains = new[] { new { name = "web" }, new { name = "code" } },   // replaced by the corpus' domains
        budget = new { runs, parallelism = 2 },
        strategy = "random",
        executor = "simulated",
        seed = 5,
        simulator = new { runSeconds = 0.02 },
    };

    private static object Remix(string shards, int pauseAfterFailures = 0) => new
    {
        name = "blob re-mix",
        schedule = new { cron = "0 0 0 1 1 *" },   // yearly: the test fires it by hand
        action = new { kind = "remix", shards, threshold = 0.1 },
        policies = new { pauseAfterFailures },
        template = Template(),
    };

    private static string NewContainer() => "remix-" + Guid.NewGuid().ToString("N")[..12];

    private static BlobContainerClient Container(string name) => new BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(name);

    /// <summary>What <c>mixopt corpus prepare --out blob://CONTAINER/weekly</c> does: text tokenized into shards in the container.</summary>
    private static async Task PrepareAsync(string container, IReadOnlyDictionary<string, int> bytes)
    {
        var store = BlobArtifactStore.FromConnectionString(TestServices.Blobs, container);
        await store.InitializeAsync();
        var shards = BlobShardStore.AtPrefix(store, Prefix, $"blob://{container}/{Prefix}");
        var preparer = new CorpusPreparer(TokenizerCatalog.Create(ByteTokenizer.TokenizerName), shards);
        var folder = Directory.CreateTempSubdirectory("mixopt-blob-corpus-");
        try
        {
            foreach (var (domain, size) in bytes)
            {
                var file = Path.Combine(folder.FullName, domain + ".txt");
                await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat($"{domain} text ", size / (domain.Length + 6) + 1))[..size]);
                await preparer.PrepareAsync(new CorpusSource(domain, [file]));
            }
        }
        finally { folder.Delete(recursive: true); }
    }

    private static async Task PutManifestAsync(string container, string domain, string json)
    {
        var client = Container(container);
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient($"{Prefix}{domain}/manifest.json").UploadAsync(BinaryData.FromString(json), overwrite: true);
    }

    private static string Manifest(string domain, string trainTokens = "900", string validationTokens = "100", string tokenizer = "byte", string extra = "") =>
        $$"""{"format":"mixopt-shards/1","domain":"{{domain}}","tokenizer":"{{tokenizer}}","vocabSize":257,"bytesPerToken":2,"separatorToken":256,"documents":1,"validationFraction":0.1,"train":{"file":"train.bin","tokens":{{trainTokens}},"sha256":""},"validation":{"file":"validation.bin","tokens":{{validationTokens}},"sha256":""}{{extra}}}""";

    private static async Task<string> CreateAsync(MixOptTestHost host, object campaign)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/campaigns", campaign);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> TriggerAndWaitAsync(MixOptTestHost host, string id, string state)
    {
        using var response = await host.Http.PostAsync($"/api/campaigns/{id}/trigger", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var firingId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var firings = await Eventually.Until(() => host.GetJsonAsync<JsonElement[]>($"/api/campaigns/{id}/firings?take=100"),
            f => f.Any(x => x.GetProperty("id").GetString() == firingId && x.GetProperty("state").GetString() is not ("Pending" or "Running")),
            TimeSpan.FromSeconds(60), "the firing to finish");
        var firing = firings.Single(x => x.GetProperty("id").GetString() == firingId);
        Assert.True(firing.GetProperty("state").GetString() == state, firing.ToString());
        return firing;
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_remix_on_a_blob_container_searches_only_the_domain_whose_manifest_changed_plus_the_frozen_block()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var container = NewContainer();
        try
        {
            await PrepareAsync(container, new Dictionary<string, int> { ["web"] = 8000, ["code"] = 4000, ["books"] = 2000, ["math"] = 1000 });
            var id = await CreateAsync(host, Remix($"blob://{container}/weekly"));

            var full = await TriggerAndWaitAsync(host, id, "Succeeded");
            Assert.Equal(16, full.GetProperty("costSpent").GetDouble());
            var before = full.GetProperty("mixture").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(new[] { "books", "code", "math", "web" }, before.Keys.Order(StringComparer.Ordinal).ToArray());

            await PrepareAsync(container, new Dictionary<string, int> { ["code"] = 6000 });   // a new crawl of code: +50 %
            var remix = await TriggerAndWaitAsync(host, id, "Succeeded");
            var study = await host.GetJsonAsync<JsonElement>($"/api/studies/{remix.GetProperty("studyId").GetString()}");
            Assert.Equal(["code", "frozen"], study.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!).ToArray());
            Assert.Equal(Core.Campaigns.MixtureReuse.ReducedRuns(16, 2, 4), remix.GetProperty("costSpent").GetDouble());
            Assert.Equal(16, remix.GetProperty("fullRecomputationCost").GetDouble());
            var after = remix.GetProperty("mixture").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(1.0, after.Values.Sum(), 6);
            // The frozen block holds the rest: the unchanged domains kept their ratios to each other.
            Assert.Equal(before["web"] / before["books"], after["web"] / after["books"], 6);
            Assert.Equal(before["math"] / before["books"], after["math"] / after["books"], 6);

            var unchanged = await TriggerAndWaitAsync(host, id, "Unchanged");
            Assert.Equal(0, unchanged.GetProperty("costSpent").GetDouble());
            Assert.Contains("has not changed", unchanged.GetProperty("outcome").GetString());
            Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM studies"));
        }
        finally { await Container(container).DeleteIfExistsAsync(); }
    }

    [Fact]
    public async Task A_missing_container_fails_the_firing_with_the_reason_and_counts_toward_pause_on_failure()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var container = NewContainer();   // never created
        var id = await CreateAsync(host, Remix($"blob://{container}/weekly", pauseAfterFailures: 1));

        var failed = await TriggerAndWaitAsync(host, id, "Failed");
        Assert.Contains($"blob container '{container}'", failed.GetProperty("outcome").GetString());
        Assert.Contains("does not exist", failed.GetProperty("outcome").GetString());
        var campaign = await Eventually.Until(() => host.GetJsonAsync<JsonElement>($"/api/campaigns/{id}"), c => c.GetProperty("state").GetString() == "Paused",
            TimeSpan.FromSeconds(30), "the campaign to pause after its failed firing");
        Assert.Equal(1, campaign.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM studies"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM campaign_firings WHERE plan IS NOT NULL"));
        Assert.False(await Container(container).ExistsAsync(), "reading must not create the container");
    }

    public static TheoryData<string, string, string> HostileManifests => new()
    {
        // name, the manifest of domain "evil" (its blob text), what the reason says
        { "huge", Manifest("evil", extra: $",\"padding\":\"{new string('x', ShardReader.MaxManifestBytes + 10)}\""), "larger than" },
        { "deep", Manifest("evil", extra: ",\"nested\":" + new string('[', 200) + new string(']', 200)), "depth" },
        { "NUL in the domain", Manifest("ev\\u0000il"), "control characters" },
        { "NUL in the tokenizer", Manifest("evil", tokenizer: "by\\u0000te"), "control characters" },
        { "infinite token count", Manifest("evil", trainTokens: "1e400"), "not valid JSON" },
        { "NaN token count", Manifest("evil", trainTokens: "\"NaN\""), "not valid JSON" },
        { "fractional token count", Manifest("evil", trainTokens: "12.5"), "not valid JSON" },
        { "negative token count", Manifest("evil", trainTokens: "-5"), "must be >= 0" },
        { "overflowing token counts", Manifest("evil", trainTokens: long.MaxValue.ToString(), validationTokens: "1"), "64-bit" },
        { "not JSON", "{\"format\": \"mixopt-shards/1\", \u0000", "not valid JSON" },
        { "another domain's manifest", Manifest("web"), "names another domain" },
    };

    [Fact]
    public async Task Hostile_manifests_fail_the_firing_with_a_reason_and_nothing_of_them_is_stored()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var container = NewContainer();
        try
        {
            await PutManifestAsync(container, "web", Manifest("web"));
            foreach (var (name, manifest, reason) in HostileManifests.Select(r => ((string)r[0], (string)r[1], (string)r[2])))
            {
                await PutManifestAsync(container, "evil", manifest);
                var id = await CreateAsync(host, Remix($"blob://{container}/weekly"));
                var failed = await TriggerAndWaitAsync(host, id, "Failed");
                var outcome = failed.GetProperty("outcome").GetString()!;
                Assert.True(outcome.Contains(reason, StringComparison.OrdinalIgnoreCase), $"{name}: {outcome}");
                Assert.True(outcome.Contains("evil"), $"{name}: the reason names the domain: {outcome}");
                Assert.True(outcome.Length < 1000 && !outcome.Any(char.IsControl), $"{name}: the reason is short and printable");
                Assert.True(!failed.TryGetProperty("mixture", out var mixture) || mixture.ValueKind == JsonValueKind.Null, $"{name}: no mixture");
            }
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM studies"));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM campaign_firings WHERE plan IS NOT NULL OR mixture IS NOT NULL"));
            Assert.Equal(HostileManifests.Count, await CountAsync(db, "SELECT count(*) FROM campaign_firings WHERE state = 'Failed'"));
        }
        finally { await Container(container).DeleteIfExistsAsync(); }
    }

    [Fact]
    public async Task A_blob_service_that_does_not_answer_is_a_reason_not_a_crash()
    {
        // The test Azurite's account on a loopback port nobody listens on.
        var unreachable = System.Text.RegularExpressions.Regex.Replace(TestServices.Blobs, @"127\.0\.0\.1:\d+", $"127.0.0.1:{FreePort.Next()}");
        var corpus = new Grains.Campaigns.CampaignCorpus(BlobArtifactStore.FromConnectionString(unreachable), new BlobContainers(unreachable));
        foreach (var source in new[] { "blob://corpora/weekly", "blob:demo" })
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => corpus.ReadAsync(source));
            Assert.Contains(source, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        var none = new Grains.Campaigns.CampaignCorpus(BlobArtifactStore.FromConnectionString(TestServices.Blobs), new BlobContainers(null));
        Assert.Contains("ConnectionStrings:Blobs", (await Assert.ThrowsAsync<InvalidOperationException>(() => none.ReadAsync("blob://corpora"))).Message);
    }

    public static readonly string[] MalformedSources =
    [
        "s3://bucket/corpus", "https://account.blob.core.windows.net/corpus", "blob://Upper_Case/weekly", "blob://ab", "blob://corpus--x/weekly",
        "blob://corpus/../secrets", "blob://corpus/a//b", "blob:", "blob:no/slash", "relative/folder", "blob://corpus/we\u0001ekly",
    ];

    [Fact]
    public async Task A_malformed_source_is_a_400_at_create_and_patch_and_nothing_is_written()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        const string good = "blob://corpus-ok/weekly/";
        var id = await CreateAsync(host, Remix(good));
        foreach (var shards in MalformedSources)
        {
            using (var created = await host.Http.PostAsJsonAsync("/api/campaigns", Remix(shards)))
                await AssertProblemAsync(created, "action.shards", shards);
            using (var patched = await host.Http.PatchAsJsonAsync($"/api/campaigns/{id}", new { action = new { kind = "remix", shards } }))
                await AssertProblemAsync(patched, "action.shards", shards);
        }
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM campaigns"));
        var campaign = await host.GetJsonAsync<JsonElement>($"/api/campaigns/{id}");
        Assert.Equal(good, campaign.GetProperty("spec").GetProperty("action").GetProperty("shards").GetString());
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM campaign_firings"));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field, string shards)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{shards}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using Npgsql;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Campaigns end to end on the real embedded host and PostgreSQL: a seconds-level schedule fires and warm-starts each
/// study with every earlier finished run; a restart mid-campaign fires no instant twice and loses none in the catch-up
/// window; a re-mix after one domain changed searches that domain plus the frozen block and reports what it saved.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class CampaignEndToEndTests
{
    private static object Template(int runs = 4, int seed = 3, string[]? domains = null) => new
    {
        name = "campaign study",
        domains = (domains ?? ["web", "code", "books"]).Select(d => new { name = d }).ToArray(),
        budget = new { runs, parallelism = 2 },
        strategy = "random",
        executor = "simulated",
        seed,
        simulator = new { runSeconds = 0.02 },
    };

    private static async Task<JsonElement> CreateAsync(MixOptTestHost host, object campaign)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/campaigns", campaign);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<Firings> FiringsAsync(MixOptTestHost host, string id) =>
        new(await host.GetJsonAsync<JsonElement[]>($"/api/campaigns/{id}/firings?take=500"));

    /// <summary>Firings that say what they are when a wait for them times out.</summary>
    private sealed class Firings(JsonElement[] items) : List<JsonElement>(items)
    {
        public int Length => Count;

        public override string ToString() => string.Join("; ", this.Select(f => $"{f.GetProperty("instant")} {State(f)}: {(f.TryGetProperty("outcome", out var o) ? o.GetString() : "")}"));
    }

    private static string State(JsonElement firing) => firing.GetProperty("state").GetString()!;

    [Fact]
    public async Task A_seconds_schedule_fires_three_times_and_warm_starts_each_study_with_every_earlier_run()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var campaign = await CreateAsync(host, new
        {
            name = "every three seconds",
            schedule = new { cron = "*/3 * * * * *", timeZone = "Europe/Berlin", maxFirings = 3 },
            action = new { kind = "newStudy" },
            policies = new { overlap = "bufferOne", catchUpSeconds = 30 },
            template = Template(),
        });
        var id = campaign.GetProperty("id").GetString()!;
        Assert.Equal(5, campaign.GetProperty("nextFirings").GetArrayLength());

        var firings = await Eventually.Until(() => FiringsAsync(host, id), f => f.Count(x => State(x) == "Succeeded") >= 3, TimeSpan.FromSeconds(90), "three finished firings");
        var done = firings.Where(x => State(x) == "Succeeded").OrderBy(x => x.GetProperty("instant").GetDateTimeOffset()).ToList();
        Assert.Equal(3, done.Count);   // maxFirings
        var earlier = new List<string>();
        foreach (var firing in done)
        {
            var study = await host.GetJsonAsync<JsonElement>($"/api/studies/{firing.GetProperty("studyId").GetString()}");
            var runs = study.GetProperty("runs").EnumerateArray().ToList();
            var warm = runs.Where(r => r.TryGetProperty("worker", out var w) && w.GetString() == "warm-start").Select(Key).Order().ToList();
            Assert.Equal(earlier.Order().ToList(), warm);   // every earlier finished run, each once
            earlier.AddRange(runs.Where(r => r.GetProperty("state").GetString() == "Succeeded" && !(r.TryGetProperty("worker", out var w) && w.GetString() == "warm-start")).Select(Key));
            Assert.True(firing.GetProperty("bestObjective").GetDouble() > 0);
            Assert.Equal(4, firing.GetProperty("costSpent").GetDouble());
        }
        Assert.Equal(12, earlier.Count);
        var view = await host.GetJsonAsync<JsonElement>($"/api/campaigns/{id}");
        Assert.Equal(done.Min(f => f.GetProperty("bestObjective").GetDouble()), view.GetProperty("bestObjective").GetDouble(), 9);

        static string Key(JsonElement run) => string.Join(",", run.GetProperty("mixture").EnumerateObject().OrderBy(p => p.Name).Select(p => $"{p.Name}={p.Value.GetDouble():R}"));
    }

    [Fact]
    public async Task A_restart_mid_campaign_fires_no_instant_twice_and_loses_none_in_the_window()
    {
        await using var db = await TestDatabase.CreateAsync();
        string id;
        await using (var first = await MixOptTestHost.StartAsync(db))
        {
            var campaign = await CreateAsync(first, new
            {
                name = "every two seconds",
                schedule = new { cron = "*/2 * * * * *" },
                action = new { kind = "newStudy" },
                policies = new { overlap = "allow", catchUpSeconds = 60 },
                template = Template(runs: 2),
            });
            id = campaign.GetProperty("id").GetString()!;
            await Eventually.Until(() => FiringsAsync(first, id), f => f.Length >= 2, TimeSpan.FromSeconds(60), "two firings before the restart");
        }
        var stoppedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(7));   // instants fall due while nothing runs
        await using var second = await MixOptTestHost.StartAsync(db);
        var restartedAt = DateTimeOffset.UtcNow;
        await Eventually.Until(() => FiringsAsync(second, id), f => f.Any(x => x.GetProperty("instant").GetDateTimeOffset() > restartedAt.AddSeconds(4)),
            TimeSpan.FromSeconds(90), "firings after the restart");
        using (var pause = await second.Http.PostAsync($"/api/campaigns/{id}/pause", null)) Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        var firings = await Eventually.Until(() => FiringsAsync(second, id), f => f.All(x => State(x) is "Succeeded"), TimeSpan.FromSeconds(60), "every firing to finish");

        var instants = firings.Select(f => f.GetProperty("instant").GetDateTimeOffset()).Order().ToList();
        Assert.Equal(instants.Count, instants.Distinct().Count());
        // Every even second from the first firing to the last is there exactly once: nothing lost across the restart.
        for (var t = instants[0]; t <= instants[^1]; t = t.AddSeconds(2)) Assert.Contains(t, instants);
        Assert.Contains(instants, t => t > stoppedAt.AddSeconds(1) && t < restartedAt);   // caught up, not missed
        // One study per firing, none created twice (the study id is claimed with the instant).
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM studies", connection);
        Assert.Equal((long)firings.Length, (long)(await count.ExecuteScalarAsync())!);
        Assert.Equal(firings.Length, firings.Select(f => f.GetProperty("studyId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_remix_after_one_domain_changed_searches_it_plus_the_frozen_block_and_reports_the_saving()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var shards = Directory.CreateTempSubdirectory("mixopt-campaign-shards-");
        try
        {
            var tokens = new Dictionary<string, long> { ["web"] = 8000, ["code"] = 4000, ["books"] = 2000, ["math"] = 1000 };
            WriteManifests(shards.FullName, tokens);
            var campaign = await CreateAsync(host, new
            {
                name = "re-mix",
                schedule = new { cron = "0 0 0 1 1 *" },   // yearly: the test fires it by hand
                action = new { kind = "remix", shards = shards.FullName, threshold = 0.1 },
                template = Template(runs: 16),
            });
            var id = campaign.GetProperty("id").GetString()!;

            var full = await TriggerAndWaitAsync(host, id, 1);
            Assert.Equal(16, full.GetProperty("costSpent").GetDouble());
            var before = full.GetProperty("mixture").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(4, before.Count);

            tokens["code"] = 6000;   // +50 %: changed; the rest stay
            WriteManifests(shards.FullName, tokens);
            var remix = await TriggerAndWaitAsync(host, id, 2);
            var study = await host.GetJsonAsync<JsonElement>($"/api/studies/{remix.GetProperty("studyId").GetString()}");
            Assert.Equal(["code", "frozen"], study.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!).ToArray());
            var spent = remix.GetProperty("costSpent").GetDouble();
            Assert.Equal(16, remix.GetProperty("fullRecomputationCost").GetDouble());
            Assert.True(spent < 16, $"the re-mix spent {spent}");
            Assert.Equal(MixOpt.Core.Campaigns.MixtureReuse.ReducedRuns(16, 2, 4), spent);
            var after = remix.GetProperty("mixture").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(1.0, after.Values.Sum(), 6);
            // The unchanged domains kept their ratios to each other.
            Assert.Equal(before["web"] / before["books"], after["web"] / after["books"], 6);
            Assert.Equal(before["math"] / before["books"], after["math"] / after["books"], 6);

            var unchanged = await TriggerAndWaitAsync(host, id, 3, "Unchanged");
            Assert.Equal(0, unchanged.GetProperty("costSpent").GetDouble());
        }
        finally { shards.Delete(recursive: true); }
    }

    private static async Task<JsonElement> TriggerAndWaitAsync(MixOptTestHost host, string id, int count, string state = "Succeeded")
    {
        using var response = await host.Http.PostAsync($"/api/campaigns/{id}/trigger", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var firingId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var firings = await Eventually.Until(() => FiringsAsync(host, id), f => f.Any(x => x.GetProperty("id").GetString() == firingId && State(x) is not ("Pending" or "Running")),
            TimeSpan.FromSeconds(60), $"firing {count} to finish");
        Assert.Equal(count, firings.Length);
        var firing = firings.Single(x => x.GetProperty("id").GetString() == firingId);
        Assert.True(State(firing) == state, firing.ToString());
        return firing;
    }

    private static void WriteManifests(string root, IReadOnlyDictionary<string, long> tokens)
    {
        foreach (var (domain, count) in tokens)
        {
            Directory.CreateDirectory(Path.Combine(root, domain));
            File.WriteAllText(Path.Combine(root, domain, "manifest.json"), JsonSerializer.Serialize(new
            {
                format = "mixopt-shards/1", domain, tokenizer = "byte", vocabSize = 257, bytesPerToken = 2, separatorToken = 256, documents = 1,
                validationFraction = 0.1, train = new { file = "train.bin", tokens = count * 9 / 10, sha256 = "" }, validation = new { file = "validation.bin", tokens = count / 10, sha256 = "" },
            }));
        }
    }
}

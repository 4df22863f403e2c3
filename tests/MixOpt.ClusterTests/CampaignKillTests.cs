using System.Net.Http.Json;
using MixOpt.ClusterTests.Support;
using MixOpt.Testing;
using Npgsql;

namespace MixOpt.ClusterTests;

/// <summary>
/// Issue 17: in a cluster of two web hosts (both can host the campaign grain) and one worker, kill -9 the host whose
/// campaign grain is in the middle of a firing (its study running): the other host takes the campaign over from the
/// ledger and the firing completes once, with one study, and no instant is recorded twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CampaignKillTests
{
    private const int RunsPerStudy = 8;

    // Campaign grains are woken from the ledger every 2 s (not 30 s) and check their study every second, so the surviving
    // host takes the campaign over within a failure-detection period rather than at the next reminder tick (1 min).
    private static readonly string[] CampaignArgs = ["--Campaigns:ResumeInterval=00:00:02", "--Campaigns:PollInterval=00:00:01"];

    [Fact]
    public async Task Killing_the_silo_that_hosts_the_campaign_grain_mid_firing_completes_the_firing_once_on_the_other_host()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var cluster = new TestCluster(db.ConnectionString);
        try
        {
            var hostA = await cluster.StartHostAsync(name: "hostA", extraArgs: CampaignArgs);
            var hostB = await cluster.StartHostAsync(name: "hostB", extraArgs: CampaignArgs);
            await cluster.StartWorkerAsync(slots: 2, extraArgs: CampaignArgs);

            // Every 2 s; while a firing's study runs (~8 s: 8 runs of 2 s on 2 slots) later instants are skipped; two acting firings.
            using var created = await cluster.Http.PostAsJsonAsync("/api/campaigns", new
            {
                name = "kill the campaign's silo",
                schedule = new { cron = "*/2 * * * * *", timeZone = "UTC", maxFirings = 2 },
                action = new { kind = "newStudy" },
                policies = new { overlap = "skip", catchUpSeconds = 60 },
                template = new
                {
                    name = "campaign study",
                    domains = Enumerable.Range(0, 4).Select(i => new { name = $"domain{i}" }).ToArray(),
                    budget = new { runs = RunsPerStudy, parallelism = 2 },
                    strategy = "random",
                    executor = "simulated",
                    seed = 11,
                    simulator = new { runSeconds = 2.0 },
                },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var campaignId = (await created.Content.ReadFromJsonAsync<IdDto>(TestCluster.Json))!.Id;

            // Mid-firing: the first firing's study is running and has results, but is far from finished.
            var first = await Eventually.Until(() => ActingFiringsAsync(cluster, campaignId), f => f.Count >= 1 && f[0].State == "Running",
                TimeSpan.FromSeconds(60), "the first firing to run its study");
            var firing = first[0];
            var study = await cluster.WaitAsync(firing.StudyId!.Value, s => s.RunsSucceeded >= 2, "the first firing's study to record a few runs");
            Assert.True(study.Status is "Running" or "Pending", $"the study should still run when its campaign's silo is killed; it is {study.Status}");
            Assert.True(study.RunsSucceeded < RunsPerStudy);

            // The campaign grain lives on exactly one of the hosts, the one that logged its activation: that one dies.
            var activated = $"Campaign {campaignId} activated";
            var hosting = cluster.Hosts.Where(h => h.Output.Contains(activated, StringComparison.Ordinal)).ToList();
            Assert.Single(hosting);
            var doomed = hosting[0];
            var survivor = doomed == hostA ? hostB : hostA;
            doomed.Kill();
            cluster.UseHost(survivor);
            var firingAtKill = (await FiringRowsAsync(cluster, campaignId)).Single(r => r.Id == firing.Id);
            Assert.Equal("Running", firingAtKill.State);

            // The survivor activates the campaign (it was never there before) and the firing ends once.
            await Eventually.Until(() => Task.FromResult(survivor.Output.Contains(activated, StringComparison.Ordinal)), ok => ok,
                TimeSpan.FromSeconds(60), "the surviving host to take the campaign over");
            var acting = await Eventually.Until(() => ActingFiringsAsync(cluster, campaignId), f => f.Count(x => x.State == "Succeeded") >= 2,
                TimeSpan.FromSeconds(90), "both acting firings to succeed");

            var rows = await FiringRowsAsync(cluster, campaignId);
            // One row per instant: the killed firing's and every later one (the ledger's unique key, checked as data).
            Assert.Equal(rows.Count, rows.Select(r => r.Instant).Distinct().Count());
            var killed = Assert.Single(rows, r => r.Instant == firing.Instant);
            Assert.Equal(firing.Id, killed.Id);
            Assert.Equal("Succeeded", killed.State);
            Assert.Equal(firing.StudyId, killed.StudyId);   // resumed with the study it claimed, not a second one
            Assert.StartsWith($"Study {firing.StudyId} completed", killed.Outcome);
            // Two firings acted (maxFirings), each with its own study; everything else was skipped while a study ran.
            var actingRows = rows.Where(r => r.State is not ("Skipped" or "Missed")).ToList();
            Assert.Equal(2, actingRows.Count);
            Assert.All(actingRows, r => Assert.Equal("Succeeded", r.State));
            Assert.Equal(firing.Id, actingRows.MinBy(r => r.Instant)!.Id);
            Assert.All(rows.Where(r => r.State is "Skipped" or "Missed"), r => Assert.Null(r.StudyId));

            // Exactly one study per acting firing in the whole ledger: the resume created no orphan study.
            var studies = await StudyIdsAsync(cluster);
            Assert.Equal(actingRows.Select(r => r.StudyId!.Value).Order(), studies.Order());

            // The killed firing's study finished with each run once; the next firing was warm-started with all of them.
            await ExactlyOnce.AssertAsync(cluster, await cluster.StudyAsync(firing.StudyId!.Value), RunsPerStudy);
            var second = await cluster.StudyAsync(actingRows.MaxBy(r => r.Instant)!.StudyId!.Value);
            Assert.Equal("Completed", second.Status);
            Assert.Equal(RunsPerStudy, second.Runs.Count(r => r.Worker == "warm-start"));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Logs()}", e);
        }
    }

    /// <summary>The firings that acted (not skipped or missed), oldest first; none while the REST host is settling.</summary>
    private static async Task<List<FiringDto>> ActingFiringsAsync(TestCluster cluster, Guid campaignId)
    {
        try
        {
            var all = await cluster.Http.GetFromJsonAsync<List<FiringDto>>($"/api/campaigns/{campaignId}/firings?take=500", TestCluster.Json) ?? [];
            return all.Where(f => f.State is not ("Skipped" or "Missed")).OrderBy(f => f.Instant).ToList();
        }
        catch (HttpRequestException) { return []; }
    }

    private static async Task<List<FiringRow>> FiringRowsAsync(TestCluster cluster, Guid campaignId)
    {
        await using var conn = new NpgsqlConnection(cluster.Ledger);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id, instant, state, study_id, outcome FROM campaign_firings WHERE campaign_id = @c ORDER BY instant", conn);
        cmd.Parameters.AddWithValue("c", campaignId);
        var rows = new List<FiringRow>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new FiringRow(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return rows;
    }

    private static async Task<List<Guid>> StudyIdsAsync(TestCluster cluster)
    {
        await using var conn = new NpgsqlConnection(cluster.Ledger);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM studies", conn);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private sealed record IdDto(Guid Id);

    private sealed record FiringDto(Guid Id, DateTimeOffset Instant, string State, Guid? StudyId, string? Outcome);

    private sealed record FiringRow(Guid Id, DateTimeOffset Instant, string State, Guid? StudyId, string? Outcome);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The extend action and the pause-on-failure policy on the real host: a seconds-level campaign adds runs to an external
/// study once per firing; once that study is cancelled, its firings fail and the campaign pauses itself after K of them.
/// Pause, resume and YAML creation go through the REST API as a client would use them.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class CampaignPolicyTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Extend_adds_runs_per_firing_and_failures_in_a_row_pause_the_campaign()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var study = await host.Client.CreateStudyAsync(ExternalStudies.Spec("extended", runs: 4));
        var yaml = $$"""
            name: plus two runs every two seconds
            schedule: {cron: "*/2 * * * * *", timeZone: America/New_York, maxFirings: 10}
            action: {kind: extend, studyId: {{study.Id}}, runs: 2}
            policies: {pauseAfterFailures: 2}
            """;
        var content = new StringContent(yaml, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");
        var campaign = await Json(await host.Http.PostAsync("/api/campaigns", content));
        var id = campaign.GetProperty("id").GetString()!;

        var budgets = await Eventually.Until(() => host.Client.GetStudyAsync(study.Id), s => s.RunBudget >= 8, TimeSpan.FromSeconds(60), "two extensions");
        var paused = await Json(await host.Http.PostAsync($"/api/campaigns/{id}/pause", null));
        Assert.Equal("Paused", paused.GetProperty("state").GetString());
        Assert.Equal(0, paused.GetProperty("nextFirings").GetArrayLength());
        var firings = await host.GetJsonAsync<JsonElement[]>($"/api/campaigns/{id}/firings");
        var extended = firings.Count(f => f.GetProperty("state").GetString() == "Succeeded");
        Assert.Equal(4 + 2 * extended, (await host.Client.GetStudyAsync(study.Id)).RunBudget);   // exactly +2 per firing

        // The study goes away from under the campaign: every firing now fails, and the second failure pauses it.
        await host.Client.CancelAsync(study.Id);
        var resumed = await Json(await host.Http.PostAsync($"/api/campaigns/{id}/resume", null));
        Assert.Equal("Active", resumed.GetProperty("state").GetString());
        var view = await Eventually.Until(() => host.GetJsonAsync<JsonElement>($"/api/campaigns/{id}"), c => c.GetProperty("state").GetString() == "Paused",
            TimeSpan.FromSeconds(60), "the campaign to pause itself");
        Assert.Contains("2 failed firings", view.GetProperty("pauseReason").GetString());
        firings = await host.GetJsonAsync<JsonElement[]>($"/api/campaigns/{id}/firings");
        Assert.Equal(2, firings.Count(f => f.GetProperty("state").GetString() == "Failed"));
        Assert.Contains(firings, f => f.GetProperty("outcome").GetString()!.Contains("finished", StringComparison.Ordinal));

        using var conflict = await host.Http.PostAsync($"/api/campaigns/{id}/pause", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        using var deleted = await host.Http.DeleteAsync($"/api/campaigns/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await host.Http.GetAsync($"/api/campaigns/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}

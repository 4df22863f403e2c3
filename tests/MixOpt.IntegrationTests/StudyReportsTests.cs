using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The reports read through the study's owner: the recommendation and surrogate table are the study grain's cache, and
/// a deleted study takes them with it (every report and the export answer 404 afterwards).
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class StudyReportsTests : EmbeddedHostTests
{
    [Fact]
    public async Task Reports_come_from_the_study_and_go_with_it_when_it_is_deleted()
    {
        var study = await Client.CreateStudyAsync(ExternalStudies.Spec("reports", runs: 8, parallelism: 2));
        var reported = new List<RunResult>();
        for (var i = 0; i < 3; i++)
        {
            var lease = (await Eventually.Until(() => Client.LeaseAsync(study.Id, leaseSeconds: 60), l => l is not null, TimeSpan.FromSeconds(15), "a run to lease"))!;
            reported.Add(await Client.ReportAsync(lease, ExternalStudies.Losses(lease.Mixture, lease.Fidelity)));
        }

        var recommendation = await GetJsonAsync($"/api/studies/{study.Id}/recommendation");
        Assert.False(recommendation.GetProperty("final").GetBoolean());
        Assert.Equal(3, recommendation.GetProperty("observations").GetInt32());
        Assert.Equal(reported.Min(r => r.Objective), recommendation.GetProperty("predicted").GetDouble(), 9); // random search: its best run
        Assert.Equal(["web", "code", "books"], recommendation.GetProperty("mixture").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, (await GetJsonAsync($"/api/studies/{study.Id}/surrogates")).ValueKind);
        var progress = await GetJsonAsync($"/api/studies/{study.Id}/progress");
        Assert.Equal(3, progress.GetArrayLength());
        Assert.Equal(reported.Min(r => r.Objective), progress[2].GetProperty("bestSoFar").GetDouble(), 9);

        await Client.DeleteStudyAsync(study.Id);

        foreach (var report in new[] { "recommendation", "surrogates", "progress", "export?format=csv", "export?format=json" })
        {
            using var gone = await Host.Http.GetAsync($"/api/studies/{study.Id}/{report}");
            Assert.True(gone.StatusCode == HttpStatusCode.NotFound, $"{report} after delete: {(int)gone.StatusCode} {await gone.Content.ReadAsStringAsync()}");
            Assert.Equal("Study not found", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Host.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>
/// A merged per-domain-models rung as the cheapest rung of an mfbo study in the embedded service (tiny shape, CPU,
/// demo corpus): the study finishes with merged and trained runs, and a second study of the same corpus, shape and
/// seed reuses the per-domain models the first trained.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class MergedRungStudyTests : DemoCorpusStudyTests
{
    private const double MergedCost = 0.2;
    private const double TargetCost = 1.0;
    private object Study(string name, IEnumerable<string> domains, string executor = "builtin") => new
    {
        name,
        domains = domains.Select(d => new { name = d }).ToArray(),
        executor,
        // Three merged runs (design) spend 0.6 target costs, past mfbo's first allowance, so a target run follows.
        fidelities = new object[]
        {
            new { name = "merged", model = "tiny", kind = "merged", value = 0.5, cost = MergedCost },
            new { name = "tiny", model = "tiny", value = 1.0, cost = TargetCost },
        },
        budget = new { runs = 5, parallelism = 2 },
        strategy = "mfbo",
        seed = 5,
    };

    [Fact]
    public async Task An_mfbo_study_with_a_merged_cheapest_rung_finishes_and_a_second_study_reuses_the_per_domain_models()
    {
        Assert.True(Domains.Count >= 2, "the demo corpus needs at least two domains on this machine");
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await StartAsync(db);
        var container = new BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(host.Container);

        var first = await SubmitAndFinishAsync(host, "merged-first");
        var setsAfterFirst = await SetsAsync(container);
        var second = await SubmitAndFinishAsync(host, "merged-second");

        foreach (var study in new[] { first, second })
        {
            Assert.Equal(StudyStatus.Completed, study.Status);
            Assert.All(study.Runs, r => Assert.Equal(RunState.Succeeded, r.State));
            Assert.Contains(study.Runs, r => r.Fidelity == 0.5);
            Assert.Contains(study.Runs, r => r.Fidelity == 1.0);
            Assert.All(study.Runs, r => Assert.All(Domains, d => Assert.InRange(r.Metrics![ObjectiveSpec.LossMetric(d)], 0.1, Math.Log(256) + 1)));
            Assert.NotNull(study.Recommendation);
        }
        // The first study paid for one training per domain, once, on one merged run; the second paid for none.
        var merged = first.Runs.Where(r => r.Fidelity == 0.5).ToArray();
        Assert.Single(merged, r => Math.Abs(r.Cost!.Value - (MergedCost + Domains.Count * TargetCost)) < 1e-9);
        Assert.Equal(merged.Length - 1, merged.Count(r => Math.Abs(r.Cost!.Value - MergedCost) < 1e-9));
        Assert.All(second.Runs.Where(r => r.Fidelity == 0.5), r => Assert.Equal(MergedCost, r.Cost!.Value, 9));
        Assert.Single(setsAfterFirst);
        Assert.Equal(setsAfterFirst, await SetsAsync(container));
        var set = JsonDocument.Parse((await container.GetBlobClient(setsAfterFirst[0]).DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(first.Id, set.GetProperty("trainedByStudy").GetGuid());
        Assert.Equal(Domains, set.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString()!));
    }

    [Fact]
    public async Task Studies_a_merged_rung_cannot_serve_get_400_naming_why_and_nothing_is_written()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await StartAsync(db);

        var simulated = await host.Http.PostAsJsonAsync("/api/studies", Study("merged-simulated", Domains, executor: "simulated"));
        var missing = await host.Http.PostAsJsonAsync("/api/studies", Study("merged-missing", [Domains[0], "no-such-domain"]));

        Assert.Equal(HttpStatusCode.BadRequest, simulated.StatusCode);
        Assert.Contains("builtin", (await simulated.Content.ReadAsStringAsync()).Replace("\\u0027", "'"));
        Assert.Contains("fidelities[0].kind", await simulated.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadAsStringAsync();
        Assert.Contains("domains[1].name", problem);
        Assert.Contains("no-such-domain", problem);
        var list = await host.Http.GetAsync("/api/studies");
        Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
    }

    private async Task<StudyDetailsView> SubmitAndFinishAsync(MixOptTestHost host, string name)
    {
        var response = await host.Http.PostAsJsonAsync("/api/studies", Study(name, Domains));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;
        return await host.WaitUntilFinishedAsync(id, seconds: 300);
    }

    private static async Task<List<string>> SetsAsync(BlobContainerClient container)
    {
        var sets = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "merged/", CancellationToken.None))
            if (blob.Name.EndsWith("/set.json", StringComparison.Ordinal)) sets.Add(blob.Name);
        return sets;
    }
}

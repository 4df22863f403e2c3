using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Training.Corpus;
using MixOpt.Training.Execution;
using MixOpt.Training.Shards;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>Studies on the builtin TorchSharp executor (tiny shape, CPU) in the embedded service, on the demo corpus.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class TrainingStudyTests : DemoCorpusStudyTests
{
    private object Study(string name, IEnumerable<string> domains, int runs) => new
    {
        name,
        domains = domains.Select(d => new { name = d }).ToArray(),
        executor = "builtin",
        fidelities = new[] { new { name = "tiny", model = "tiny", value = 1.0, cost = 1.0 } },
        budget = new { runs, parallelism = 2 },
        strategy = "random",
        seed = 5,
    };

    [Fact]
    public async Task A_study_trains_real_proxies_and_each_run_reports_per_domain_losses_and_a_loss_curve()
    {
        Assert.True(Domains.Count >= 2, "the demo corpus needs at least two domains on this machine");
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await StartAsync(db);

        var response = await host.Http.PostAsJsonAsync("/api/studies", Study("train-e2e", Domains, runs: 3));
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;
        var study = await host.WaitUntilFinishedAsync(id, seconds: 240);

        Assert.Equal(StudyStatus.Completed, study.Status);
        Assert.All(study.Runs, r =>
        {
            Assert.Equal(RunState.Succeeded, r.State);
            foreach (var d in Domains)
            {
                var loss = r.Metrics![ObjectiveSpec.LossMetric(d)];
                // Byte-level vocabulary of 256: a trained model is far below ln(256) = 5.55 nats, and above 0.
                Assert.InRange(loss, 0.1, Math.Log(256));
            }
            Assert.True(r.Cost > 0);
        });

        var container = new BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(host.Container);
        foreach (var run in study.Runs)
        {
            var curve = await container.GetBlobClient(TrainingArtifactPaths.Training(id, run.Ordinal)).DownloadContentAsync();
            Assert.Contains("oss", curve.Value.Content.ToString()); // the training report with its loss curve
            Assert.True((await container.GetBlobClient(TrainingArtifactPaths.Checkpoint(id, run.Ordinal)).ExistsAsync()).Value);
        }
    }

    [Fact]
    public async Task A_domain_with_no_shards_fails_its_runs_with_a_readable_reason_and_disturbs_nothing_else()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await StartAsync(db);

        var good = await host.Http.PostAsJsonAsync("/api/studies", Study("train-good", Domains, runs: 2));
        var bad = await host.Http.PostAsJsonAsync("/api/studies", Study("train-missing-domain", [Domains[0], "no-such-domain"], runs: 2));
        var goodId = (await good.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;
        var badId = (await bad.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;

        var failed = await host.WaitUntilFinishedAsync(badId, seconds: 240);
        Assert.Equal(StudyStatus.Failed, failed.Status);
        Assert.All(failed.Runs, r =>
        {
            Assert.Equal(RunState.Failed, r.State);
            Assert.Contains("no-such-domain", r.Error);
        });
        var fine = await host.WaitUntilFinishedAsync(goodId, seconds: 240);
        Assert.Equal(StudyStatus.Completed, fine.Status);
        Assert.All(fine.Runs, r => Assert.Equal(RunState.Succeeded, r.State));
    }
}

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
public sealed class TrainingStudyTests : IAsyncLifetime
{
    private readonly string _corpus = Path.Combine(Path.GetTempPath(), "mixopt-corpus-" + Guid.NewGuid().ToString("N")[..8]);
    private IReadOnlyList<string> _domains = [];

    public async Task InitializeAsync()
    {
        var manifests = await DemoCorpus.PrepareAsync(new LocalShardStore(_corpus), bytesPerDomain: 48 * 1024);
        _domains = manifests.Select(m => m.Domain).Take(3).ToArray();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_corpus, recursive: true);
        return Task.CompletedTask;
    }

    private Task<MixOptTestHost> StartAsync(TestDatabase db) =>
        MixOptTestHost.StartAsync(db, null, $"--Training:ShardsPath={_corpus}", "--Training:Threads=1", "--Training:Steps=25");

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
        Assert.True(_domains.Count >= 2, "the demo corpus needs at least two domains on this machine");
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await StartAsync(db);

        var response = await host.Http.PostAsJsonAsync("/api/studies", Study("train-e2e", _domains, runs: 3));
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;
        var study = await host.WaitUntilFinishedAsync(id, seconds: 240);

        Assert.Equal(StudyStatus.Completed, study.Status);
        Assert.All(study.Runs, r =>
        {
            Assert.Equal(RunState.Succeeded, r.State);
            foreach (var d in _domains)
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

        var good = await host.Http.PostAsJsonAsync("/api/studies", Study("train-good", _domains, runs: 2));
        var bad = await host.Http.PostAsJsonAsync("/api/studies", Study("train-missing-domain", [_domains[0], "no-such-domain"], runs: 2));
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

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>An external trainer drives a study over REST with the C# client: lease, heartbeat, report (idempotently), recommendation.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class AskTellTests : EmbeddedHostTests
{
    [Fact]
    public async Task A_trainer_leases_every_run_reports_it_and_the_study_completes_with_a_recommendation()
    {
        var study = await Client.CreateStudyAsync(ExternalStudies.Spec("ask-tell", runs: 6, parallelism: 2));
        Assert.Equal(["web", "code", "books"], study.Domains);
        var reported = new List<RunResult>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var lease = await Client.LeaseAsync(study.Id, worker: "test-trainer", leaseSeconds: 30);
            if (lease is null)
            {
                if ((await Client.GetStudyAsync(study.Id)).Status == "Completed") break;
                await Task.Delay(100);
                continue;
            }
            Assert.Equal(1.0, lease.Mixture.Values.Sum(), 9);
            Assert.True(lease.LeaseExpiresAt > DateTimeOffset.UtcNow.AddSeconds(20));
            var extended = await Client.HeartbeatAsync(lease, leaseSeconds: 60);
            Assert.True(extended > lease.LeaseExpiresAt);
            reported.Add(await Client.ReportAsync(lease, ExternalStudies.Losses(lease.Mixture, lease.Fidelity), seconds: 1.5, lossCurve: [9.0, 5.0, 3.2]));
        }

        var done = await Client.GetStudyAsync(study.Id);
        Assert.Equal("Completed", done.Status);
        Assert.Equal(6, done.RunsSucceeded);
        Assert.Equal(6, reported.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(6, await Db.CountAsync("SELECT count(*) FROM run_results"));
        // No run of an external study went to the silo's workers: every attempt is the trainer's.
        Assert.Equal(6, await Db.CountAsync("SELECT count(*) FROM run_attempts WHERE worker = 'test-trainer'"));
        Assert.Equal(0, await Db.CountAsync("SELECT count(*) FROM run_attempts WHERE worker <> 'test-trainer'"));

        var recommendation = await Client.GetRecommendationAsync(study.Id);
        Assert.NotNull(recommendation);
        Assert.True(recommendation!.Final);
        Assert.Equal(reported.Min(r => r.Objective), recommendation.Predicted, 9); // random search recommends its best run

        var progress = await Client.GetProgressAsync(study.Id);
        Assert.Equal(6, progress.Count);
        Assert.Equal(reported.Sum(r => r.Cost), progress[^1].CumulativeCost, 9);
        Assert.Equal(reported.Min(r => r.Objective), progress[^1].BestSoFar, 9);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.Second.BestSoFar <= p.First.BestSoFar));
    }

    [Fact]
    public async Task A_retried_result_gets_the_same_answer_and_bad_leases_are_refused_with_409()
    {
        var study = await Client.CreateStudyAsync(ExternalStudies.Spec("idempotent", runs: 4, parallelism: 3));
        var first = await LeaseAsync(study.Id);
        var second = await LeaseAsync(study.Id);
        Assert.NotEqual(first.RunId, second.RunId);
        var metrics = ExternalStudies.Losses(first.Mixture, first.Fidelity);

        var answer = await Client.ReportAsync(first, metrics, cost: 2.5, idempotencyKey: "report-1");
        var retry = await Client.ReportAsync(first, metrics, cost: 2.5, idempotencyKey: "report-1");
        Assert.Equal(answer, retry);
        Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM idempotent_requests"));
        // A retry without the key, under the same lease, also gets the recorded result (not an error).
        var plain = await Client.ReportAsync(first, metrics, cost: 2.5, idempotencyKey: "report-1-again");
        Assert.Equal(answer, plain);

        // The same key for a different body is a client bug: 422, nothing recorded.
        var reused = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(first, ExternalStudies.Losses(second.Mixture, 1), cost: 9, idempotencyKey: "report-1"));
        Assert.Equal((HttpStatusCode)422, reused.Status);

        // A used lease token for another run: 409 naming the problem.
        var wrongRun = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(second with { LeaseToken = first.LeaseToken }, metrics));
        Assert.Equal(HttpStatusCode.Conflict, wrongRun.Status);
        Assert.Contains("belongs to run", wrongRun.Detail);
        // A token that was never issued: 409.
        var unknown = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(second with { LeaseToken = Guid.NewGuid() }, metrics));
        Assert.Contains("not a lease of any run", unknown.Detail);

        // An expired lease: heartbeat and result are refused; the run goes back to the queue as a new attempt.
        var shortLease = await Client.LeaseAsync(study.Id, leaseSeconds: 1);
        Assert.NotNull(shortLease);
        await Task.Delay(1600);
        var late = await Assert.ThrowsAsync<MixOptApiException>(() => Client.HeartbeatAsync(shortLease!));
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        var lateResult = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(shortLease!, ExternalStudies.Losses(shortLease!.Mixture, shortLease.Fidelity)));
        Assert.Contains("expired", lateResult.Detail);
        var again = await Eventually.Until(() => Client.LeaseAsync(study.Id, leaseSeconds: 30), l => l?.RunId == shortLease.RunId, TimeSpan.FromSeconds(10), "the expired run to be leased again");
        Assert.Equal(shortLease.Attempt + 1, again!.Attempt);
        // The old token is worthless now that a newer attempt holds the run.
        var superseded = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(shortLease, ExternalStudies.Losses(shortLease.Mixture, shortLease.Fidelity)));
        Assert.Equal(HttpStatusCode.Conflict, superseded.Status);

        // A result for another study's run: 404, nothing recorded.
        var other = await Client.CreateStudyAsync(ExternalStudies.Spec("other", runs: 2));
        var foreign = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(second with { StudyId = other.Id }, metrics));
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM run_results"));
    }

    [Fact]
    public async Task Warm_start_import_export_budget_pause_resume_and_delete()
    {
        var study = await Client.CreateStudyAsync(ExternalStudies.Spec("lifecycle", runs: 3, parallelism: 1));
        // Runs made before: recorded as observations that spend no budget.
        var warm = await Client.RecordRunAsync(study.Id, new Dictionary<string, double> { ["web"] = 0.5, ["code"] = 0.3, ["books"] = 0.2 },
            ExternalStudies.Losses(new Dictionary<string, double> { ["web"] = 0.5, ["code"] = 0.3, ["books"] = 0.2 }, 1), fidelity: 1);
        Assert.Equal(1, warm.Imported);
        var csv = "w:web,w:code,w:books,fidelity,cost,m:loss:web,m:loss:code,m:loss:books\n0.2,0.4,0.4,0.25,1,3.1,3.0,3.3\n0.6,0.2,0.2,1,4,2.6,2.9,3.2\n";
        Assert.Equal(2, (await Client.ImportCsvAsync(study.Id, csv)).Imported);

        var exported = await Client.ExportAsync(study.Id, "csv");
        Assert.StartsWith("w:web,w:code,w:books,fidelity,cost,m:loss:web", exported);
        Assert.Equal(4, exported.Trim().Split('\n').Length); // header + 3 runs
        var regmix = await Client.ExportAsync(study.Id, "regmix-mixtures");
        Assert.StartsWith("index,train_the_pile_web,train_the_pile_code,train_the_pile_books", regmix);
        var json = JsonDocument.Parse(await Client.ExportAsync(study.Id, "json")).RootElement;
        Assert.Equal(3, json.GetProperty("runs").GetArrayLength());
        // Round trip: the CSV export imports into a fresh study unchanged.
        var copy = await Client.CreateStudyAsync(ExternalStudies.Spec("copy", runs: 2));
        Assert.Equal(3, (await Client.ImportCsvAsync(copy.Id, exported)).Imported);
        Assert.Equal(exported, await Client.ExportAsync(copy.Id, "csv"));

        // Pause: nothing is leased; resume: runs again.
        var paused = await Client.PauseAsync(study.Id);
        Assert.Equal("Paused", paused.Status);
        Assert.Null(await Client.LeaseAsync(study.Id));
        await Client.ResumeAsync(study.Id);
        var lease = await LeaseAsync(study.Id);

        // A bigger budget; the run budget cannot drop below the runs made.
        var bigger = await Client.UpdateBudgetAsync(study.Id, runs: 5, parallelism: 2);
        Assert.Equal(5, bigger.RunBudget);
        var tooSmall = await Assert.ThrowsAsync<MixOptApiException>(() => Client.UpdateBudgetAsync(study.Id, runs: 0));
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.Status);
        Assert.Contains("budget.runs", tooSmall.Errors.Keys);

        // A reported loss curve is an artifact; deleting the study deletes it and every ledger row.
        await Client.ReportAsync(lease, ExternalStudies.Losses(lease.Mixture, lease.Fidelity), lossCurve: [8, 4, 3]);
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(Host.Container);
        Assert.True(await CountBlobsAsync(blobs, study.Id) > 0);
        await Client.DeleteStudyAsync(study.Id);
        var gone = await Assert.ThrowsAsync<MixOptApiException>(() => Client.GetStudyAsync(study.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(0, await CountBlobsAsync(blobs, study.Id));
        Assert.Equal(0, await Db.CountAsync("SELECT count(*) FROM runs WHERE study_id = @s", ("s", study.Id)));
        Assert.Equal(3, await Db.CountAsync("SELECT count(*) FROM runs WHERE study_id = @s AND worker = 'warm-start'", ("s", copy.Id))); // the other study is untouched
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_record_one_result_and_all_get_its_answer()
    {
        var study = await Client.CreateStudyAsync(ExternalStudies.Spec("concurrent-retries", runs: 2, parallelism: 1));
        var lease = await LeaseAsync(study.Id);
        var metrics = ExternalStudies.Losses(lease.Mixture, lease.Fidelity);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Client.ReportAsync(lease, metrics, idempotencyKey: "same-report")));

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(lease.Attempt, answers[0].Attempt);
        Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM run_results WHERE run_id = @r", ("r", lease.RunId)));
        Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM idempotent_requests WHERE study_id = @s", ("s", study.Id)));
        Assert.Equal(metrics.Count, await Db.CountAsync("SELECT count(*) FROM run_metrics WHERE run_id = @r", ("r", lease.RunId)));
    }

    [Fact]
    public async Task A_deleted_study_answers_404_to_leases_and_results_although_its_spec_was_cached()
    {
        var study = await Client.CreateStudyAsync(ExternalStudies.Spec("deleted", runs: 3, parallelism: 2));
        var lease = await LeaseAsync(study.Id);   // the host has read (and cached) the study's spec
        await Client.DeleteStudyAsync(study.Id);

        var leaseAfter = await Assert.ThrowsAsync<MixOptApiException>(() => Client.LeaseAsync(study.Id));
        Assert.Equal(HttpStatusCode.NotFound, leaseAfter.Status);
        var resultAfter = await Assert.ThrowsAsync<MixOptApiException>(() => Client.ReportAsync(lease, ExternalStudies.Losses(lease.Mixture, lease.Fidelity)));
        Assert.Equal(HttpStatusCode.NotFound, resultAfter.Status);
        Assert.Equal("Study not found", resultAfter.Title);
        Assert.Equal(0, await Db.CountAsync("SELECT count(*) FROM run_results"));
    }

    [Fact]
    public async Task Studies_are_submitted_as_yaml_and_listed_with_filters()
    {
        const string yaml = """
            name: yaml-study
            domains:
              - {name: web, tokens: 1000000}
              - {name: code}
            objective: {metric: "loss:mean", direction: minimize}
            budget: {cost: 10, parallelism: 2}
            strategy: random
            executor: external
            seed: 11
            """;
        var created = await Client.CreateStudyFromYamlAsync(yaml);
        Assert.Equal("yaml-study", created.Name);
        Assert.Equal(10, created.RunBudget); // a cost budget of 10 at cost 1 per run caps the study at 10 runs
        await Client.CreateStudyAsync(ExternalStudies.Spec("json-study", runs: 2, strategy: "uniform"));

        Assert.Equal(["yaml-study"], (await Client.ListStudiesAsync(name: "YAML")).Select(s => s.Name));
        Assert.Equal(["json-study"], (await Client.ListStudiesAsync(strategy: "uniform")).Select(s => s.Name));
        Assert.Single(await Client.ListStudiesAsync(take: 1));
        var response = await Host.Http.GetAsync("/api/studies?take=1");
        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());

        // A quoted number stays a string in YAML and is refused like in JSON.
        var bad = await Host.Http.PostAsync("/api/studies", new StringContent(yaml.Replace("seed: 11", "seed: \"11\""), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("seed", await bad.Content.ReadAsStringAsync());
    }

    private async Task<RunLease> LeaseAsync(Guid studyId) =>
        (await Eventually.Until(() => Client.LeaseAsync(studyId, leaseSeconds: 60), l => l is not null, TimeSpan.FromSeconds(15), "a run to lease"))!;

    private static async Task<int> CountBlobsAsync(Azure.Storage.Blobs.BlobContainerClient container, Guid studyId)
    {
        var n = 0;
        await foreach (var _ in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, MixOpt.Artifacts.ArtifactPaths.Study(studyId), CancellationToken.None)) n++;
        return n;
    }
}

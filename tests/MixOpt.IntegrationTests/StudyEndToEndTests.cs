using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using MixOpt.Artifacts;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>One study through REST, Orleans, the Postgres ledger and Azurite, on the simulated executor.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class StudyEndToEndTests
{
    [Fact]
    public async Task A_five_domain_study_of_24_runs_completes_with_one_result_per_run_and_the_best_observed_mixture()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);

        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("e2e-24", runs: 24, seed: 7, names: ["papers", "web", "books", "code", "math"]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        Assert.Equal($"/api/studies/{created.Id}", response.Headers.Location?.OriginalString);

        var study = await host.WaitUntilFinishedAsync(created.Id);
        Assert.Equal(StudyStatus.Completed, study.Status);
        Assert.Equal(24, study.Runs.Count);
        Assert.All(study.Runs, r => Assert.Equal(RunState.Succeeded, r.State));
        Assert.Equal(Enumerable.Range(0, 24), study.Runs.Select(r => r.Ordinal).Order());

        // Every run shows its per-domain losses and where its result document is.
        Assert.All(study.Runs, r =>
        {
            Assert.Equal(study.Domains.Select(d => "loss:" + d).Order(), r.Metrics!.Keys.Order());
            Assert.Equal(r.Objective!.Value, r.Metrics.Values.Average(), 9);
            Assert.Contains("/result.json", r.ArtifactUri);
        });

        // The ledger holds exactly one result per run.
        Assert.Equal(24, await db.CountAsync("SELECT count(*) FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s", ("s", created.Id)));
        Assert.Equal(24 * 5, await db.CountAsync("SELECT count(*) FROM run_metrics m JOIN runs r ON r.id = m.run_id WHERE r.study_id = @s", ("s", created.Id)));

        // The reported best is the best observed run (minimize).
        var bestRun = study.Runs.MinBy(r => r.Objective!.Value)!;
        Assert.Equal(bestRun.Id, study.BestRunId);
        Assert.NotNull(study.Best);
        Assert.Equal(bestRun.Objective!.Value, study.Best!.Value, 12);
        Assert.Equal(bestRun.Mixture, study.Best.Weights);

        // The oracle's known optimum is reported, and it matches the oracle rebuilt from the stored spec.
        var oracle = MixingLawOracle.Create(study.Spec.Simulator, 5, study.Spec.Seed);
        var (optimumMixture, optimumValue) = oracle.Optimum(study.Spec.Objective, study.Spec.DomainNames);
        Assert.NotNull(study.Optimum);
        Assert.Equal(optimumValue, study.Optimum!.Value, 9);
        Assert.True(Mixture.Create(study.Domains.Select(d => study.Optimum.Weights[d]).ToArray()).Distance(optimumMixture) < 1e-9);
        // No observed mixture beats the true optimum on the noise-free objective.
        var bestTrue = oracle.Objective(Mixture.Create(study.Domains.Select(d => study.Best.Weights[d]).ToArray()), study.Spec.Objective, study.Spec.DomainNames);
        Assert.True(bestTrue >= optimumValue - 1e-9, $"best observed mixture scores {bestTrue} below the optimum {optimumValue}");

        // The strategy's recommendation (random search: its best observed run) and the surrogates' CV table.
        Assert.NotNull(study.Recommendation);
        Assert.Equal(study.Best.Weights, study.Recommendation!.Mixture);
        Assert.Equal(study.Domains, study.Recommendation.Mixture.Keys); // in the study's domain order, whatever jsonb did
        Assert.Equal(bestRun.Objective!.Value, study.Recommendation.Predicted, 12);
        Assert.Equal(MixOpt.Core.Surrogates.SurrogateCatalog.Names.Order(), study.Recommendation.Surrogates!.Select(s => s.Name).Order());
        Assert.All(study.Recommendation.Surrogates!, s => Assert.Equal(5, s.Folds));

        // Artifacts: one result document per run and the study report, in Azurite.
        var container = new BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(host.Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, ArtifactPaths.Study(created.Id), CancellationToken.None)) names.Add(blob.Name);
        Assert.Equal(24, names.Count(n => n.EndsWith("/result.json", StringComparison.Ordinal)));
        Assert.Contains(ArtifactPaths.StudyReport(created.Id), names);
    }

    [Fact]
    public async Task Studies_are_listed_and_an_unknown_study_is_a_404_problem()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("listed", runs: 2, seed: 1));
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;

        var list = await host.GetJsonAsync<List<StudySummaryView>>("/api/studies");
        Assert.Contains(list, s => s.Id == created.Id && s.Name == "listed");

        var missing = await host.Http.GetAsync($"/api/studies/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        await host.WaitUntilFinishedAsync(created.Id);
    }

    [Fact]
    public async Task Cancelling_a_running_study_cancels_its_pending_runs_and_a_second_cancel_is_a_conflict()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("cancel-me", runs: 40, seed: 3, runSeconds: 0.5, parallelism: 2));
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        await host.WaitAsync(created.Id, s => s.RunsPending > 0, "runs in flight");

        var cancel = await host.Http.PostAsync($"/api/studies/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var study = await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}");
        Assert.Equal(StudyStatus.Cancelled, study.Status);
        Assert.DoesNotContain(study.Runs, r => r.State.IsPending());
        Assert.True(study.Runs.Count < 40);

        var again = await host.Http.PostAsync($"/api/studies/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Nothing is proposed after the cancel: the run count stays put.
        await Task.Delay(1500);
        var later = await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}");
        Assert.Equal(study.Runs.Count, later.Runs.Count);
        Assert.Equal(StudyStatus.Cancelled, later.Status);
    }
}

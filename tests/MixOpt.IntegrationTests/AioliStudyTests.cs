using System.Net;
using System.Net.Http.Json;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>Strategy aioli end to end in the embedded service: one builtin run re-weighted in rounds (tiny shape, demo corpus).</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class AioliStudyTests : DemoCorpusStudyTests
{
    private object Study(string name, string executor, object? strategyOptions = null) => new
    {
        name,
        domains = Domains.Select(d => new { name = d }).ToArray(),
        executor,
        fidelities = new[] { new { name = "tiny", model = "tiny", value = 1.0, cost = 1.0 } },
        budget = new { runs = 1, parallelism = 1 },
        strategy = "aioli",
        strategyOptions = strategyOptions ?? new { rounds = 3, probeSteps = 1, stepSize = 0.5, recommend = "final" },
        seed = 9,
    };

    [Fact]
    public async Task An_aioli_study_finishes_with_its_trajectory_in_the_ledger_and_the_final_proportions_as_its_recommendation()
    {
        Assert.True(Domains.Count >= 2, "the demo corpus needs at least two domains on this machine");
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await StartAsync(db, steps: 30);

        var response = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-e2e", "builtin"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;
        var study = await host.WaitUntilFinishedAsync(id, seconds: 240);

        Assert.Equal(StudyStatus.Completed, study.Status);
        var run = Assert.Single(study.Runs);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM run_rounds WHERE run_id = @r", ("r", run.Id)));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM run_in_run WHERE run_id = @r AND method = 'aioli' AND rounds = 3 AND note IS NULL", ("r", run.Id)));
        // Every round trained on a mixture (sums to 1) and measured every domain's loss.
        Assert.Equal(3, await db.CountAsync(
            "SELECT count(*) FROM run_rounds WHERE run_id = @r AND abs((SELECT sum(p) FROM unnest(proportions) p) - 1) < 1e-9 AND cardinality(losses) = @n",
            ("r", run.Id), ("n", Domains.Count)));
        // The last round's proportions are the recommendation, and they moved off the uniform start.
        var last = await db.CountAsync("SELECT round(proportions[1] * 1e9) FROM run_rounds WHERE run_id = @r AND round = 2", ("r", run.Id));
        var recommendation = study.Recommendation!;
        Assert.Contains("aioli", recommendation.Basis);
        Assert.Equal(last / 1e9, recommendation.Mixture[Domains[0]], 8);
        Assert.Equal(1.0, recommendation.Mixture.Values.Sum(), 9);
        Assert.Contains(recommendation.Mixture.Values, w => Math.Abs(w - 1.0 / Domains.Count) > 1e-4);
    }

    [Fact]
    public async Task An_aioli_study_on_the_simulated_oracle_is_a_400_naming_why_and_writes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);

        var response = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-simulated", "simulated"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("simulated oracle reports none", text);
        var unknown = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-bad-option", "builtin", new { rounds = 3, topK = 5 }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("strategyOptions.topK", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM studies"));
    }

    [Fact]
    public async Task The_probe_options_are_accepted_in_the_spec_and_the_openapi_document_and_bad_ones_are_a_400_naming_the_option()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);

        var warmup = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-bad-warmup", "builtin", new { rounds = 3, warmupSteps = -1 }));
        Assert.Equal(HttpStatusCode.BadRequest, warmup.StatusCode);
        Assert.Contains("strategyOptions.warmupSteps", await warmup.Content.ReadAsStringAsync());
        var outside = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-bad-budget", "builtin", new { restoreAfterProbe = false, probesInBudget = false }));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("strategyOptions.probesInBudget", await outside.Content.ReadAsStringAsync());
        var restore = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-external-restore", "external", new { restoreAfterProbe = true }));
        Assert.Equal(HttpStatusCode.BadRequest, restore.StatusCode);
        Assert.Contains("strategyOptions.restoreAfterProbe", await restore.Content.ReadAsStringAsync());
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM studies"));

        var created = await host.Http.PostAsJsonAsync("/api/studies", Study("aioli-probe-options", "external",
            new { rounds = 3, probeSteps = 2, restoreAfterProbe = false, probesInBudget = true, averageInteractions = true, warmupSteps = 20, sweeps = 2 }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var options = (await created.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Spec.StrategyOptions!;
        Assert.Equal((false, true, true, 20, 2), (options.RestoreAfterProbe, options.ProbesInBudget, options.AverageInteractions, options.WarmupSteps, options.Sweeps));

        var document = await host.Http.GetStringAsync("/openapi/v1.json");
        foreach (var member in new[] { "restoreAfterProbe", "probesInBudget", "averageInteractions", "warmupSteps", "sweeps" })
            Assert.Contains($"\"{member}\"", document);
    }
}

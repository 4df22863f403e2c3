using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>The ledger is the source of truth: a study survives losing its grain, or the whole host, mid-study.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class StudyResumeTests
{
    private const int Runs = 24;

    [Fact]
    public async Task A_deactivated_study_grain_resumes_from_the_ledger_with_no_run_lost_or_run_twice()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var id = await SubmitAsync(host, "resume-grain");

        await host.WaitAsync(id, s => s.RunsSucceeded >= 6, "a quarter of the runs");
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IStudyGrain>(id).Deactivate();

        var study = await host.WaitUntilFinishedAsync(id);
        await AssertExactlyOnceAsync(db, study);
        // Only the grain went away; the workers never stopped, so no run needed a second attempt.
        Assert.All(study.Runs, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task A_restarted_host_resumes_the_study_from_the_ledger_with_no_run_lost_or_recorded_twice()
    {
        await using var db = await TestDatabase.CreateAsync();
        var container = "restart-" + Guid.NewGuid().ToString("N")[..8];
        Guid id;
        int succeededBeforeStop;
        await using (var first = await MixOptTestHost.StartAsync(db, container))
        {
            id = await SubmitAsync(first, "resume-host");
            var before = await first.WaitAsync(id, s => s.RunsSucceeded >= 6 && s.RunsPending > 0, "runs done and runs in flight");
            succeededBeforeStop = before.RunsSucceeded;
            await first.StopAsync();
        }

        var stopped = await db.CountAsync("SELECT count(*) FROM runs WHERE study_id = @s AND state IN ('Queued','Leased','Running')", ("s", id));
        Assert.True(stopped > 0, "the host stopped with runs still pending, so the resume has work to pick up");

        await using var second = await MixOptTestHost.StartAsync(db, container);
        var study = await second.WaitUntilFinishedAsync(id);
        await AssertExactlyOnceAsync(db, study);
        Assert.True(study.Runs.Count(r => r.Attempts == 1) >= succeededBeforeStop);
        // A run interrupted by the stop is attempted again; its one result names the attempt that produced it.
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s AND rr.attempt <> r.attempts", ("s", id)));
    }

    private static async Task<Guid> SubmitAsync(MixOptTestHost host, string name)
    {
        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated(name, Runs, seed: 11, runSeconds: 0.25, parallelism: 3));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id;
    }

    private static async Task AssertExactlyOnceAsync(TestDatabase db, StudyDetailsView study)
    {
        Assert.Equal(StudyStatus.Completed, study.Status);
        Assert.Equal(Runs, study.Runs.Count);
        Assert.Equal(Enumerable.Range(0, Runs), study.Runs.Select(r => r.Ordinal).Order());
        Assert.All(study.Runs, r => Assert.Equal(RunState.Succeeded, r.State));
        Assert.Equal(Runs, await db.CountAsync("SELECT count(*) FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s", ("s", study.Id)));
        Assert.Equal(study.Runs.Sum(r => r.Cost ?? 0), study.TotalCost, 9);
    }
}

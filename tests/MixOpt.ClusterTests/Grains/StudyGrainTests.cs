using Microsoft.Extensions.DependencyInjection;
using MixOpt.ClusterTests.Support;
using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Grains.Studies;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Runs;
using MixOpt.Testing;
using Orleans.Runtime;

namespace MixOpt.ClusterTests.Grains;

/// <summary>The study grain on an in-process silo: it drives a study to completion, caches its recommendation, cancels.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StudyGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    [Fact]
    public async Task A_simulated_study_runs_to_completion_through_the_scheduler_and_the_worker_slots()
    {
        var study = await cluster.Services.GetRequiredService<StudySubmitter>().SubmitAsync(GrainStudies.Simulated("grain-complete", runs: 6));

        await Eventually.Until(() => cluster.Ledger.FindStudyAsync(study.Id), s => s!.Status == StudyStatus.Completed, TimeSpan.FromSeconds(60), "the study to complete");

        var runs = await cluster.Ledger.RunsAsync(study.Id);
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.Equal((RunState.Succeeded, 1), (r.State, r.Attempts)));
        Assert.Equal(6, await cluster.Database.CountAsync("SELECT count(*) FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s", ("s", study.Id)));
        var final = await cluster.Grains.GetGrain<IStudyGrain>(study.Id).Recommendation();
        Assert.True(final.Final);
        Assert.Equal(6, final.Observations);
        Assert.NotNull(final.DocumentJson);
    }

    [Fact]
    public async Task The_current_recommendation_is_the_grains_until_the_next_result_and_an_unknown_study_has_none()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.External("grain-recommend", runs: 10, parallelism: 4), null);
        var grain = cluster.Grains.GetGrain<IStudyGrain>(study.Id);
        await grain.Start();
        var none = await grain.Recommendation();
        Assert.Equal((true, 0, (string?)null), (none.Found, none.Observations, none.DocumentJson));
        for (var i = 0; i < 3; i++) await ReportAsync(study.Id, 3.0 - i * 0.1);

        var first = await grain.Recommendation();
        var again = await grain.Recommendation();
        Assert.Equal(3, first.Observations);
        Assert.False(first.Final);
        Assert.Equal(first, again);
        await ReportAsync(study.Id, 2.0);
        Assert.Equal(4, (await grain.Recommendation()).Observations);
        Assert.False((await cluster.Grains.GetGrain<IStudyGrain>(Guid.NewGuid()).Recommendation()).Found);
    }

    [Fact]
    public async Task Deleting_a_study_deactivates_its_grain_so_its_cached_recommendation_goes_with_it()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.External("grain-delete", runs: 10, parallelism: 4), null);
        var grain = cluster.Grains.GetGrain<IStudyGrain>(study.Id);
        await grain.Start();
        for (var i = 0; i < 3; i++) await ReportAsync(study.Id, 3.0 - i * 0.1);
        var cached = await grain.Recommendation();
        Assert.Equal((true, 3), (cached.Found, cached.Observations));
        var id = grain.GetGrainId();
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        async Task<bool> Active() => (await management.GetActiveGrains(id.Type)).Contains(id);
        Assert.True(await Active());

        Assert.True(await ActivatorUtilities.CreateInstance<StudyControl>(cluster.Services).DeleteAsync(study.Id));

        await Eventually.Until(Active, active => !active, TimeSpan.FromSeconds(15), "the deleted study's grain (and its cache) to be gone");
        Assert.Null(await cluster.Ledger.FindStudyAsync(study.Id));
        Assert.False((await grain.Recommendation()).Found);
    }

    [Fact]
    public async Task Cancel_ends_the_study_its_pending_runs_and_their_live_attempts_once()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.External("grain-cancel", runs: 6, parallelism: 3), null);
        var grain = cluster.Grains.GetGrain<IStudyGrain>(study.Id);
        await grain.Start();
        var leased = (await cluster.Lifecycle.LeaseNextAsync(study.Id, "trainer", TimeSpan.FromMinutes(5)))!.Run!;

        Assert.True(await grain.Cancel());
        Assert.False(await grain.Cancel());

        Assert.Equal(StudyStatus.Cancelled, (await cluster.Ledger.FindStudyAsync(study.Id))!.Status);
        Assert.All(await cluster.Ledger.RunsAsync(study.Id), r => Assert.Equal(RunState.Cancelled, r.State));
        Assert.Equal(AttemptOutcome.Cancelled, Assert.Single(await cluster.Lifecycle.AttemptsAsync(leased.Lease.RunId)).Outcome);
        var outcome = new RunOutcome(GrainStudies.Losses(3), 1, 1, []);
        var late = await cluster.Lifecycle.RecordResultAsync(new ReportedResult(study.Id, leased.Lease.RunId, leased.Lease.Token, 3, outcome, null, RunLifecycle.HashOf(outcome, 3)));
        Assert.Equal(ResultRecording.Refused, late.Recording);
    }

    /// <summary>Leases the study's next run as a trainer would and records a result for it (the study is told, as the REST path does).</summary>
    private async Task ReportAsync(Guid studyId, double loss)
    {
        var leased = (await Eventually.Until(() => cluster.Lifecycle.LeaseNextAsync(studyId, "trainer", TimeSpan.FromMinutes(5)),
            a => a?.Run is not null, TimeSpan.FromSeconds(15), "a run to lease"))!.Run!;
        var outcome = new RunOutcome(GrainStudies.Losses(loss), 1, 1, []);
        var decision = await cluster.Lifecycle.RecordResultAsync(
            new ReportedResult(studyId, leased.Lease.RunId, leased.Lease.Token, loss, outcome, null, RunLifecycle.HashOf(outcome, loss)));
        Assert.Equal(ResultRecording.Recorded, decision.Recording);
        await cluster.Grains.GetGrain<IStudyGrain>(studyId).RunFinished(leased.Lease.RunId);
    }
}

using MixOpt.ClusterTests.Support;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Ledger.Rows;
using MixOpt.Testing;

namespace MixOpt.ClusterTests.Grains;

/// <summary>A worker slot on an in-process silo: it executes a ticket under a lease and stops when its run is cancelled.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkerGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    [Fact]
    public async Task A_slot_executes_a_ticket_under_its_own_lease_and_records_the_result()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.Simulated("grain-worker", runs: 1, parallelism: 1), null);
        var run = (await cluster.Lifecycle.QueueAsync(study.Id, 0, [new Proposal(Mixture.Create([0.5, 0.25, 0.25]))]))[0];
        var slot = WorkerSlots.Key(cluster.Silo, 1);

        await cluster.Grains.GetGrain<IWorkerGrain>(slot).Execute(new RunTicket(study.Id, run.Id, run.Ordinal));

        var done = await Eventually.Until(() => cluster.Ledger.FindRunAsync(run.Id), r => r!.State == RunState.Succeeded, TimeSpan.FromSeconds(30), "the run to succeed");
        var attempt = Assert.Single(await cluster.Lifecycle.AttemptsAsync(run.Id));
        Assert.Equal((slot, AttemptOutcome.Succeeded), (attempt.Worker, attempt.Outcome));
        var result = (await cluster.Ledger.FindResultAsync(run.Id))!;
        Assert.Equal((1, done!.Objective!.Value), (result.Attempt, result.Objective));
    }

    [Fact]
    public async Task Cancelling_a_run_stops_its_executor_and_the_attempt_says_so()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.Simulated("grain-worker-cancel", runs: 1, parallelism: 1, runSeconds: 600), null);
        var run = (await cluster.Lifecycle.QueueAsync(study.Id, 0, [new Proposal(Mixture.Create([0.5, 0.25, 0.25]))]))[0];
        var worker = cluster.Grains.GetGrain<IWorkerGrain>(WorkerSlots.Key(cluster.Silo, 0));
        await worker.Execute(new RunTicket(study.Id, run.Id, run.Ordinal));
        await Eventually.Until(() => cluster.Ledger.FindRunAsync(run.Id), r => r!.State == RunState.Running, TimeSpan.FromSeconds(30), "the run to start");

        Assert.True((await cluster.Lifecycle.CancelRunAsync(run.Id))!.Cancelled);
        await worker.Cancel(run.Id);

        var attempt = await Eventually.Until(async () => (await cluster.Lifecycle.AttemptsAsync(run.Id)).Single(),
            a => a.Reason?.Contains("executor observed the cancellation") == true, TimeSpan.FromSeconds(30), "the executor to observe the cancel");
        Assert.Equal(AttemptOutcome.Cancelled, attempt.Outcome);
        Assert.Equal(RunState.Cancelled, (await cluster.Ledger.FindRunAsync(run.Id))!.State);
        Assert.Null(await cluster.Ledger.FindResultAsync(run.Id));
    }
}

using MixOpt.ClusterTests.Support;
using MixOpt.Core.Strategies;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Ledger.Rows;
using MixOpt.Testing;

namespace MixOpt.ClusterTests.Grains;

/// <summary>The scheduler grain on an in-process silo: it dispatches to the silo's slots and is the one sweep of expired leases.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SchedulerGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private ISchedulerGrain Scheduler => cluster.Grains.GetGrain<ISchedulerGrain>(0);

    [Fact]
    public async Task Its_sweep_requeues_a_run_whose_external_trainer_vanished_and_fails_it_after_the_last_attempt()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.External("grain-sweep", runs: 1, parallelism: 1), null);
        var run = (await cluster.Lifecycle.QueueAsync(study.Id, 0, [new Proposal(Mixture.Create([0.2, 0.3, 0.5]))]))[0];

        var first = (await cluster.Lifecycle.LeaseNextAsync(study.Id, "vanished-1", TimeSpan.FromMilliseconds(1)))!.Run!;
        await Eventually.Until(async () => { await Scheduler.Tick(); return await cluster.Ledger.FindRunAsync(run.Id); },
            r => r!.State == RunState.Queued, TimeSpan.FromSeconds(15), "the expired run to be queued again");
        var second = (await cluster.Lifecycle.LeaseNextAsync(study.Id, "vanished-2", TimeSpan.FromMilliseconds(1)))!.Run!;
        var failed = await Eventually.Until(async () => { await Scheduler.Tick(); return await cluster.Ledger.FindRunAsync(run.Id); },
            r => r!.State == RunState.Failed, TimeSpan.FromSeconds(15), "the run to fail after its last attempt");

        Assert.Equal((1, 2), (first.Lease.Attempt, second.Lease.Attempt));
        Assert.Contains("worker vanished-1 stopped heartbeating", failed!.Error);
        Assert.Contains("worker vanished-2 stopped heartbeating", failed.Error);
        Assert.All(await cluster.Lifecycle.AttemptsAsync(run.Id), a => Assert.Equal(AttemptOutcome.Expired, a.Outcome));
    }

    [Fact]
    public async Task Enqueued_runs_are_dispatched_to_the_silos_slots_and_recorded()
    {
        var study = await cluster.Ledger.CreateStudyAsync(GrainStudies.Simulated("grain-dispatch", runs: 3, parallelism: 3), null);
        var runs = await cluster.Lifecycle.QueueAsync(study.Id, 0,
            [new Proposal(Mixture.Create([0.2, 0.3, 0.5])), new Proposal(Mixture.Create([0.6, 0.2, 0.2])), new Proposal(Mixture.Create([0.1, 0.1, 0.8]))]);

        await Scheduler.Enqueue(runs.Select(r => new RunTicket(study.Id, r.Id, r.Ordinal)).ToList());

        foreach (var run in runs)
        {
            var done = await Eventually.Until(() => cluster.Ledger.FindRunAsync(run.Id), r => r!.State == RunState.Succeeded, TimeSpan.FromSeconds(30), "the run to succeed");
            Assert.True(WorkerSlots.TryParse((await cluster.Lifecycle.AttemptsAsync(run.Id)).Single().Worker, out var silo, out var slot));
            Assert.Equal(cluster.Silo, silo);
            Assert.InRange(slot, 0, GrainCluster.Slots - 1);
            Assert.NotNull(done!.Objective);
        }
        // Every slot is free again once its run is recorded (the slot says so right after the ledger write).
        var view = Assert.Single(await Eventually.Until(() => Scheduler.Workers(), w => w.Count == 1 && w[0].Busy.Count == 0, TimeSpan.FromSeconds(15), "the slots to be free"));
        Assert.Equal(GrainCluster.Slots, view.Slots);
        Assert.Empty((await Scheduler.Snapshot()).Workers);
    }
}

using System.Net;
using MixOpt.Grains;
using MixOpt.Grains.Cluster;
using MixOpt.Grains.Scheduling;

namespace MixOpt.ClusterTests;

/// <summary>The scheduler's bookkeeping without a cluster: slot names, silo metadata, the queue and the slot table.</summary>
public sealed class SchedulerBookkeepingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private static readonly SiloAddress A = SiloAddress.New(IPAddress.Loopback, 11112, 7);
    private static readonly SiloAddress B = SiloAddress.New(IPAddress.Loopback, 11113, 8);

    private static RunTicket Ticket(int ordinal, Guid? study = null) => new(study ?? Guid.Empty, Guid.NewGuid(), ordinal);

    [Fact]
    public void A_slot_name_round_trips_to_its_silo_incarnation_and_index_and_other_names_are_rejected()
    {
        var key = WorkerSlots.Key(A, 3);
        Assert.True(WorkerSlots.TryParse(key, out var silo, out var slot));
        Assert.Equal((A, 3), (silo, slot));
        Assert.StartsWith(WorkerSlots.Prefix(A), key);
        Assert.NotEqual(WorkerSlots.Prefix(A), WorkerSlots.Prefix(SiloAddress.New(IPAddress.Loopback, 11112, 9)));
        Assert.False(WorkerSlots.TryParse("local-0", out _, out _));
        Assert.False(WorkerSlots.TryParse("external-trainer-1", out _, out _));
        Assert.False(WorkerSlots.TryParse(null, out _, out _));
    }

    [Fact]
    public void Capabilities_survive_the_metadata_round_trip_and_missing_metadata_reads_as_unknown()
    {
        var caps = new SiloCapabilities(SiloRoles.Worker, 2, 2, "H100");
        Assert.Equal(caps, SiloCapabilities.FromMetadata(caps.ToMetadata()));
        Assert.Null(SiloCapabilities.FromMetadata(new Dictionary<string, string>()));
    }

    [Fact]
    public void The_queue_is_first_in_first_out_without_duplicates_and_a_refused_run_goes_back_to_the_front()
    {
        var queue = new RunQueue();
        var (t0, t1, t2) = (Ticket(0), Ticket(1), Ticket(2));
        Assert.True(queue.Enqueue(t0));
        Assert.True(queue.Enqueue(t1));
        Assert.False(queue.Enqueue(t0));
        Assert.Equal(t0, queue.Dequeue());
        Assert.True(queue.PushFront(t0));
        Assert.True(queue.Enqueue(t2));
        Assert.True(queue.Remove(t1.RunId));
        Assert.Equal([t0, t2], [queue.Dequeue()!, queue.Dequeue()!]);
        Assert.Null(queue.Dequeue());
    }

    [Fact]
    public void Free_slots_are_taken_in_turn_across_silos_and_only_from_silos_with_slots()
    {
        var table = new SlotTable();
        table.Sync(new Dictionary<SiloAddress, SiloCapabilities>
        {
            [A] = new(SiloRoles.Worker, 2, 0, null),
            [B] = new(SiloRoles.Worker, 1, 0, null),
            [SiloAddress.New(IPAddress.Loopback, 11111, 1)] = new(SiloRoles.Host, 0, 0, null),
        });
        var taken = new List<string>();
        while (table.NextFreeSlot(Now) is { } slot)
        {
            taken.Add(slot);
            table.Assign(slot, Ticket(taken.Count));
        }
        Assert.Equal(3, taken.Count);
        Assert.Equal(2, taken.Count(s => s.StartsWith(WorkerSlots.Prefix(A), StringComparison.Ordinal)));
        Assert.NotEqual(taken[0][..^1], taken[1][..^1]); // the second run goes to the other silo
        Assert.Equal(0, table.FreeSlots(Now));
    }

    [Fact]
    public void A_silo_that_leaves_hands_back_the_runs_its_slots_were_executing()
    {
        var table = new SlotTable();
        var live = new Dictionary<SiloAddress, SiloCapabilities> { [A] = new(SiloRoles.Worker, 2, 0, null), [B] = new(SiloRoles.Worker, 2, 0, null) };
        table.Sync(live);
        var onA = Ticket(1);
        var onB = Ticket(2);
        table.Assign(WorkerSlots.Key(A, 0), onA);
        table.Assign(WorkerSlots.Key(B, 1), onB);

        live.Remove(A);
        var gone = table.Sync(live);

        Assert.Equal(A, Assert.Single(gone).Silo);
        Assert.Equal([onA], gone[0].Runs);
        Assert.False(table.IsExecuting(onA.RunId));
        Assert.True(table.IsExecuting(onB.RunId));
        Assert.Equal(onB, table.Release(onB.RunId));
        Assert.Null(table.Release(onB.RunId));
        Assert.All(Enumerable.Range(0, 4).Select(_ => table.NextFreeSlot(Now)), s => Assert.StartsWith(WorkerSlots.Prefix(B), s));
    }

    [Fact]
    public void A_silo_that_refused_a_run_is_rested_until_its_backoff_ends()
    {
        var table = new SlotTable();
        table.Sync(new Dictionary<SiloAddress, SiloCapabilities> { [A] = new(SiloRoles.Worker, 1, 0, null) });
        table.Suspend(A, Now.AddSeconds(5));
        Assert.Null(table.NextFreeSlot(Now));
        Assert.Equal(WorkerSlots.Key(A, 0), table.NextFreeSlot(Now.AddSeconds(5)));
    }
}

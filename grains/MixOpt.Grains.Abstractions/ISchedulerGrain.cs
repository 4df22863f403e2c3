namespace MixOpt.Grains;

/// <summary>
/// The cluster's run queue (a singleton, key 0): hands queued runs to free worker slots of live silos, sweeps
/// expired leases and re-queues the runs of dead silos. Its state is soft and rebuilt from the ledger.
/// </summary>
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Queues runs; a run already queued or executing is ignored, so re-enqueueing on resume is safe.</summary>
    Task Enqueue(IReadOnlyList<RunTicket> tickets);

    /// <summary>
    /// A worker slot ended its attempt of <paramref name="ticket"/> and is free again: one message for what a slot
    /// reports after every attempt. <paramref name="requeue"/>: the run is queued for another attempt;
    /// <paramref name="tellStudy"/>: the run finished and its study decides what comes next.
    /// </summary>
    Task SlotDone(string worker, RunTicket ticket, bool requeue, bool tellStudy);

    /// <summary>Drops a study's queued runs and cancels its executing ones.</summary>
    Task CancelStudy(Guid studyId);

    /// <summary>Drops a queued run or stops it on the slot executing it (the ledger has already marked it cancelled).</summary>
    Task CancelRun(Guid runId);

    Task<SchedulerSnapshot> Snapshot();

    /// <summary>Every silo of the cluster with its slots and the runs they execute.</summary>
    Task<IReadOnlyList<WorkerSiloView>> Workers();

    /// <summary>Re-reads membership, sweeps expired leases and dispatches now (tests and operations; a timer does it anyway).</summary>
    Task Tick();
}

namespace MixOpt.Grains;

/// <summary>The cluster's run queue (a singleton, key 0): hands queued runs to free worker slots.</summary>
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Queues runs; a run already queued or executing is ignored, so re-enqueueing on resume is safe.</summary>
    Task Enqueue(IReadOnlyList<RunTicket> tickets);

    /// <summary>A worker slot finished <paramref name="runId"/> and is free again.</summary>
    Task WorkerIdle(string worker, Guid runId);

    /// <summary>Drops a study's queued runs and cancels its executing ones.</summary>
    Task CancelStudy(Guid studyId);

    Task<SchedulerSnapshot> Snapshot();
}

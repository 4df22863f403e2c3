using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MixOpt.Grains.Scheduling;

/// <summary>
/// FIFO queue of runs over a fixed set of worker slots. Its state is soft: lost on deactivation, it is rebuilt
/// because studies re-enqueue their pending runs from the ledger when they resume.
/// </summary>
public sealed class SchedulerGrain(IOptions<SchedulerOptions> options, ILogger<SchedulerGrain> log) : Grain, ISchedulerGrain
{
    private readonly Queue<RunTicket> _queue = new();
    private readonly HashSet<Guid> _known = [];
    private readonly Dictionary<string, RunTicket?> _slots =
        Enumerable.Range(0, Math.Max(1, options.Value.Slots)).ToDictionary(i => $"local-{i}", _ => (RunTicket?)null);

    public async Task Enqueue(IReadOnlyList<RunTicket> tickets)
    {
        foreach (var t in tickets)
            if (_known.Add(t.RunId)) _queue.Enqueue(t);
        await Dispatch();
    }

    public async Task WorkerIdle(string worker, Guid runId)
    {
        _known.Remove(runId);
        if (_slots.TryGetValue(worker, out var current) && (current is null || current.RunId == runId))
            _slots[worker] = null;
        await Dispatch();
    }

    public async Task CancelStudy(Guid studyId)
    {
        var keep = _queue.Where(t => t.StudyId != studyId).ToList();
        foreach (var dropped in _queue.Where(t => t.StudyId == studyId)) _known.Remove(dropped.RunId);
        _queue.Clear();
        foreach (var t in keep) _queue.Enqueue(t);
        foreach (var (worker, ticket) in _slots.Where(s => s.Value?.StudyId == studyId).ToList())
            await GrainFactory.GetGrain<IWorkerGrain>(worker).Cancel(ticket!.RunId);
    }

    public Task<SchedulerSnapshot> Snapshot() =>
        Task.FromResult(new SchedulerSnapshot(_queue.Count, _slots.ToDictionary(s => s.Key, s => s.Value?.RunId)));

    private async Task Dispatch()
    {
        while (_queue.Count > 0)
        {
            var free = _slots.FirstOrDefault(s => s.Value is null).Key;
            if (free is null) return;
            var ticket = _queue.Dequeue();
            _slots[free] = ticket;
            try
            {
                await GrainFactory.GetGrain<IWorkerGrain>(free).Execute(ticket);
            }
            catch (Exception e)
            {
                // The worker never took it: put it back at the front of the line and stop for now.
                log.LogWarning(e, "Worker {Worker} refused run {RunId}; re-queueing", free, ticket.RunId);
                _slots[free] = null;
                var rest = _queue.ToList();
                _queue.Clear();
                _queue.Enqueue(ticket);
                foreach (var t in rest) _queue.Enqueue(t);
                return;
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using MixOpt.Grains.Placement;

namespace MixOpt.Grains.Execution;

/// <summary>
/// An execution slot, activated only on the silo its key names (<see cref="SlotPlacementAttribute"/>). The run itself
/// goes to the thread pool (never awaited inside a grain call, which would time out and block the scheduler);
/// <see cref="RunProcessor"/> reports back with later grain calls.
/// </summary>
[SlotPlacement]
public sealed class WorkerGrain(RunProcessor processor, IHostApplicationLifetime lifetime) : Grain, IWorkerGrain
{
    private readonly ConcurrentDictionary<Guid, RunControl> _running = new();

    public Task Execute(RunTicket ticket)
    {
        var control = new RunControl(lifetime.ApplicationStopping);
        _running[ticket.RunId] = control;
        // A run may outlast the idle collection age; the slot must stay to be cancelled.
        DelayDeactivation(TimeSpan.FromDays(1));
        var worker = this.GetPrimaryKeyString();
        _ = Task.Run(async () =>
        {
            try { await processor.ProcessAsync(ticket, worker, control); }
            finally
            {
                _running.TryRemove(ticket.RunId, out _);
                control.Dispose();
            }
        });
        return Task.CompletedTask;
    }

    public Task Cancel(Guid runId)
    {
        if (_running.TryGetValue(runId, out var control)) control.Cancel();
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace MixOpt.Grains.Execution;

/// <summary>
/// An execution slot. The run itself goes to the thread pool (never awaited inside a grain call, which would
/// time out and block the scheduler); <see cref="RunProcessor"/> reports back with later grain calls.
/// </summary>
public sealed class WorkerGrain(RunProcessor processor, IHostApplicationLifetime lifetime) : Grain, IWorkerGrain
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public Task Execute(RunTicket ticket)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        _running[ticket.RunId] = cts;
        var worker = this.GetPrimaryKeyString();
        _ = Task.Run(async () =>
        {
            try { await processor.ProcessAsync(ticket, worker, cts.Token); }
            finally
            {
                _running.TryRemove(ticket.RunId, out _);
                cts.Dispose();
            }
        });
        return Task.CompletedTask;
    }

    public Task Cancel(Guid runId)
    {
        if (_running.TryGetValue(runId, out var cts)) cts.Cancel();
        return Task.CompletedTask;
    }
}

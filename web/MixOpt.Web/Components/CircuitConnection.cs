using Microsoft.AspNetCore.Components.Server.Circuits;

namespace MixOpt.Web.Components;

/// <summary>
/// Whether this circuit's browser is connected, for pages that reload on a timer (<see cref="Pages.LiveRefresh"/>).
/// Why: Blazor keeps a disconnected circuit (a closed laptop, a dropped network) for minutes in case the browser comes
/// back, and its pages' timers kept reading the ledger and rendering every second for nobody. (A tab that is closed
/// normally sends Blazor's disconnect beacon and its circuit goes at once.) One per circuit (scoped); also the circuit
/// handler Blazor notifies.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private readonly object _gate = new();
    private TaskCompletionSource _up = Connected();

    /// <summary>True unless Blazor has reported the connection down (and not up again since); true while prerendering.</summary>
    public bool IsUp
    {
        get { lock (_gate) return _up.Task.IsCompleted; }
    }

    /// <summary>Completes now if the browser is connected, else when it reconnects; throws when <paramref name="ct"/> is cancelled.</summary>
    public Task WaitUntilUpAsync(CancellationToken ct)
    {
        Task up;
        lock (_gate) up = _up.Task;
        return up.WaitAsync(ct);
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
            if (_up.Task.IsCompleted) _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_gate) _up.TrySetResult();
        return Task.CompletedTask;
    }

    private static TaskCompletionSource Connected()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        up.SetResult();
        return up;
    }
}

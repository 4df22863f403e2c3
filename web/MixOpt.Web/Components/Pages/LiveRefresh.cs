using Microsoft.AspNetCore.Components;

namespace MixOpt.Web.Components.Pages;

/// <summary>
/// Base for pages that show studies while they run: reloads from the ledger on a timer until told to stop, and not at
/// all while the browser is disconnected (it reloads as soon as the browser is back).
/// </summary>
public abstract class LiveRefresh : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    [Inject] private CircuitConnection Connection { get; set; } = null!;

    protected static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Loads the page's data; returns true while something on the page is still changing.</summary>
    protected abstract Task<bool> LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        var live = await LoadAsync();
        if (live) _ = RefreshLoop();
    }

    private async Task RefreshLoop()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                // Nobody sees this page while its circuit is disconnected: wait for the browser instead of reading.
                if (!Connection.IsUp) await Connection.WaitUntilUpAsync(_stop.Token);
                var live = await LoadAsync();
                await InvokeAsync(StateHasChanged);
                if (!live) return;
            }
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}

using MixOpt.Web.Components;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The connection state live pages wait on (issue 18: a disconnected circuit's page stops reloading until the browser is
/// back). Blazor's Circuit has no public constructor; the handler does not use it.
/// </summary>
public sealed class CircuitConnectionTests
{
    [Fact]
    public async Task A_page_waits_while_its_browser_is_disconnected_and_goes_on_when_it_reconnects()
    {
        var connection = new CircuitConnection();
        Assert.True(connection.IsUp); // prerendering and a new circuit: connected
        Assert.True(connection.WaitUntilUpAsync(CancellationToken.None).IsCompletedSuccessfully);

        await connection.OnConnectionDownAsync(null!, CancellationToken.None);
        await connection.OnConnectionDownAsync(null!, CancellationToken.None); // twice down is still one wait
        Assert.False(connection.IsUp);
        var waiting = connection.WaitUntilUpAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await connection.OnConnectionUpAsync(null!, CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(connection.IsUp);
        Assert.True(connection.WaitUntilUpAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_page_disposed_while_its_browser_is_away_stops_waiting()
    {
        var connection = new CircuitConnection();
        await connection.OnConnectionDownAsync(null!, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var waiting = connection.WaitUntilUpAsync(stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(connection.IsUp);
    }
}

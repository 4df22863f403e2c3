using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.JSInterop;
using Plotly.Blazor;

namespace MixOpt.Web.Components.Charts;

/// <summary>
/// A circuit's handle on wwwroot/js/plot-queue.js: imports the module once for all the page's plots and hands each
/// plot's figure to it as one JSON value. The call returns as soon as the figure is queued, so no plot's data waits
/// for another plot's draw.
/// </summary>
public sealed class PlotDrawQueue(IJSRuntime js) : IAsyncDisposable
{
    private const string Module = "./js/plot-queue.js";

    // plotly.js's own attribute names (Plotly.Blazor's JsonPropertyName attributes), no nulls: what PlotlyChart sends.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private Task<IJSObjectReference>? _module;

    public async Task DrawAsync(string id, IEnumerable<ITrace> data, Plotly.Blazor.Layout layout, Config config)
    {
        var figure = FigureJson(data, layout, config);
        _module ??= js.InvokeAsync<IJSObjectReference>("import", Module).AsTask();
        var module = await _module;
        await module.InvokeVoidAsync("draw", id, figure);
    }

    /// <summary>A plot's { data, layout, config } as plotly.js takes them.</summary>
    public static JsonElement FigureJson(IEnumerable<ITrace> data, Plotly.Blazor.Layout layout, Config config) =>
        // Each trace as its runtime type (a Scatter, a Bar, ...), not as the ITrace interface.
        JsonSerializer.SerializeToElement(new Figure(data.Select(t => (object)t).ToList(), layout, config), Json);

    public async ValueTask DisposeAsync()
    {
        if (_module is not { IsCompletedSuccessfully: true } module) return;
        try { await module.Result.DisposeAsync(); }
        catch (JSDisconnectedException) { } // the circuit is gone, and its module with it
    }

    private sealed record Figure(
        [property: JsonPropertyName("data")] IReadOnlyList<object> Data,
        [property: JsonPropertyName("layout")] object Layout,
        [property: JsonPropertyName("config")] object Config);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Plotly.Blazor;

namespace MixOpt.Web.Components.Charts;

/// <summary>A plot's { data, layout, config } as plotly.js takes them, as one JSON text (PlotlyElement's attribute).</summary>
public static class PlotlyFigure
{
    // plotly.js's own attribute names (Plotly.Blazor's JsonPropertyName attributes), no nulls: what PlotlyChart sends.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Json(IEnumerable<ITrace> data, Plotly.Blazor.Layout layout, Config config) =>
        // Each trace as its runtime type (a Scatter, a Bar, ...), not as the ITrace interface.
        JsonSerializer.Serialize(new Figure(data.Select(t => (object)t).ToList(), layout, config), Options);

    private sealed record Figure(
        [property: JsonPropertyName("data")] IReadOnlyList<object> Data,
        [property: JsonPropertyName("layout")] object Layout,
        [property: JsonPropertyName("config")] object Config);
}

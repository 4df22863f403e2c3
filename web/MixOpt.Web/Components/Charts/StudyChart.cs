using Microsoft.AspNetCore.Components;
using MixOpt.Web.Application;
using Plotly.Blazor;

namespace MixOpt.Web.Components.Charts;

/// <summary>
/// A plot of a study page: rebuilds its traces only when the study's chart data changed (a run finished), then asks
/// plotly.js to redraw in place (Plotly.react) instead of re-creating the chart, so a live page stays cheap. Drawn as a
/// <see cref="PlotlyElement"/>, whose figure reaches the browser with the element itself.
/// </summary>
public abstract class StudyChart : ComponentBase
{
    [Parameter, EditorRequired] public StudyChartsView Charts { get; set; } = null!;

    protected PlotlyElement? Chart;
    protected IList<ITrace> Data { get; } = new List<ITrace>();
    protected Plotly.Blazor.Layout Layout { get; } = NewLayout();
    protected Config Config { get; } = new() { Responsive = true, DisplayLogo = false };

    private StudyChartsView? _drawn;
    private bool _rendered;

    /// <summary>Fills <see cref="Data"/> and <see cref="Layout"/> from the study's chart data.</summary>
    protected abstract void Build(StudyChartsView charts);

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_drawn, Charts)) return;
        _drawn = Charts;
        // The same trace list and layout objects stay bound to the chart; Build refills them.
        Data.Clear();
        Build(Charts);
        if (_rendered && Chart is not null) Chart.React();
    }

    /// <summary>Room for a two-line title (a sampled plot says what it kept on the second line).</summary>
    protected void TitleLines(int lines) => Layout.Margin!.T = lines > 1 ? 64 : 40;

    /// <summary>Makes the next parameter set rebuild the traces even when the chart data did not change.</summary>
    protected void ResetDrawn() => _drawn = null;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) _rendered = true;
    }

    // Legends below the plot, so long trace names do not squeeze it.
    private static Plotly.Blazor.Layout NewLayout() => new()
    {
        Margin = new Plotly.Blazor.LayoutLib.Margin { T = 40, B = 50, L = 60, R = 20 },
        Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }],
        // Hover picks the nearest point only: no search across every trace at the cursor's x on each mouse move.
        HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.Closest,
    };
}

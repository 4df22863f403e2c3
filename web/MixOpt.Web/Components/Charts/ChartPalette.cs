namespace MixOpt.Web.Components.Charts;

/// <summary>Colours the plots share, so a rung or a domain has the same colour on every chart of a page.</summary>
public static class ChartPalette
{
    private static readonly string[] Colours =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string At(int index) => Colours[index % Colours.Length];

    /// <summary>Marks traces that are not data points (bands, reference lines), so a reader (or test) can count points without them.</summary>
    public const string Overlay = "overlay";

    public const string Failed = "#d62728";
}

namespace MixOpt.Web.Components.Charts;

/// <summary>
/// Numbers as a plot's traces send them to the browser: rounded to 6 significant digits, far finer than a pixel of any
/// axis, so a point costs "2.34568" on the circuit instead of a full double's 17 digits. Hover text keeps its own format.
/// </summary>
public static class ChartNumbers
{
    private const int SignificantDigits = 6;

    public static double Drawn(double value)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var decimals = SignificantDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return decimals < 0 ? value : Math.Round(value, Math.Min(decimals, 15));
    }

    /// <summary>A trace's value list (Plotly.Blazor takes objects): each value rounded as <see cref="Drawn"/>.</summary>
    public static List<object> Drawn(IEnumerable<double> values) => values.Select(v => (object)Drawn(v)).ToList();
}

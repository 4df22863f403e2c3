using System.Globalization;
using System.Text.RegularExpressions;

namespace MixOpt.Core.Studies;

/// <summary>One parsed trade-off constraint: <see cref="Metric"/> at most (or at least) <see cref="Bound"/>.</summary>
public sealed partial record TradeOffConstraint(string Metric, bool AtMost, double Bound)
{
    [GeneratedRegex(@"^\s*([A-Za-z0-9_.:/\-]{1,128})\s*(<=|>=)\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*\z")]
    private static partial Regex Pattern();

    /// <summary>Parses <c>"metric &lt;= number"</c> or <c>"metric &gt;= number"</c>; null (and why) when it is not one.</summary>
    public static TradeOffConstraint? TryParse(string? text, out string? problem)
    {
        problem = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            problem = $"Constraint '{text}' must read 'metric <= number' or 'metric >= number'.";
            return null;
        }
        var bound = double.Parse(match.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(bound))
        {
            problem = $"Constraint '{text}' needs a finite bound.";
            return null;
        }
        return new TradeOffConstraint(match.Groups[1].Value, match.Groups[2].Value == "<=", bound);
    }

    /// <summary>True when <paramref name="value"/> meets the constraint.</summary>
    public bool IsMetBy(double value) => AtMost ? value <= Bound : value >= Bound;

    public override string ToString() => $"{Metric} {(AtMost ? "<=" : ">=")} {Bound.ToString("R", CultureInfo.InvariantCulture)}";
}

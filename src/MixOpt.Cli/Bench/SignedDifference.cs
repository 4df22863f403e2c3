namespace MixOpt.Cli.Bench;

/// <summary>
/// A loss difference printed with an explicit sign and four decimals.
/// The plain "+0.0000;-0.0000" format prints "-+0.0000" for a small negative value: .NET picks the
/// negative section, the value rounds to zero, the zero is formatted by the positive section and the
/// minus sign is kept. Rounding first (and adding 0.0, which turns -0.0 into +0.0) prints "+0.0000".
/// </summary>
public static class SignedDifference
{
    public static string Format(double difference)
    {
        if (!double.IsFinite(difference)) return difference.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rounded = Math.Round(difference, 4) + 0.0;
        return rounded.ToString("+0.0000;-0.0000", System.Globalization.CultureInfo.InvariantCulture);
    }
}

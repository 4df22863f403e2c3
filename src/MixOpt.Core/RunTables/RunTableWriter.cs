using System.Globalization;

namespace MixOpt.Core.RunTables;

/// <summary>
/// Writes a run table in the run-table CSV format (the inverse of <see cref="RunTableParser"/>), to any
/// <see cref="TextWriter"/> so the CLI can write files and the REST API can stream responses.
/// Numbers round-trip exactly ("R"); a missing metric is an empty cell.
/// </summary>
public static class RunTableWriter
{
    public static void Write(RunTable table, TextWriter writer)
    {
        var header = table.Domains.Select(d => RunTableColumns.WeightPrefix + d)
            .Concat(table.HasFidelity ? [RunTableColumns.Fidelity] : [])
            .Append(RunTableColumns.Cost)
            .Concat(table.Metrics.Select(m => RunTableColumns.MetricPrefix + m));
        writer.WriteLine(string.Join(',', header.Select(Quote)));
        foreach (var row in table.Rows)
        {
            var cells = row.Weights.Select(Format)
                .Concat(row.Fidelity is { } f ? [Format(f)] : [])
                .Append(Format(row.Cost))
                .Concat(row.Metrics.Select(m => double.IsNaN(m) ? "" : Format(m)));
            writer.WriteLine(string.Join(',', cells));
        }
    }

    public static string ToCsv(RunTable table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(table, writer);
        return writer.ToString();
    }

    internal static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}

using System.Globalization;

namespace MixOpt.Core.RunTables;

/// <summary>
/// Parses the run-table CSV format from text (reading the file is the caller's job). Every error names the
/// source, the line and the column, and is a <see cref="RunTableFormatException"/>.
/// </summary>
public static class RunTableParser
{
    public static RunTable Parse(string text, string source)
    {
        using var records = CsvRecords.Read(text, source).GetEnumerator();
        if (!records.MoveNext()) throw new RunTableFormatException($"{source}: the file is empty; expected a header row with w:<domain> columns.");
        var header = records.Current;
        var layout = Layout.FromHeader(header, source);

        var rows = new List<RunTableRow>();
        while (records.MoveNext())
            rows.Add(ParseRow(records.Current, header.Fields, layout, source));
        if (rows.Count == 0) throw RunTableFormatException.At(source, header.Line, "the table has a header but no rows.");
        return new RunTable(source, layout.Domains, layout.Metrics, layout.FidelityColumn >= 0, rows);
    }

    private static RunTableRow ParseRow(CsvRecords.Record record, IReadOnlyList<string> header, Layout layout, string source)
    {
        if (record.Fields.Count != header.Count)
            throw RunTableFormatException.At(source, record.Line, $"the row has {record.Fields.Count} fields; the header has {header.Count}.");

        double Number(int column, bool allowEmpty)
        {
            var cell = record.Fields[column];
            if (cell.Length == 0)
            {
                if (allowEmpty) return double.NaN;
                throw RunTableFormatException.At(source, record.Line, column + 1, header[column], "the cell is empty.");
            }
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw RunTableFormatException.At(source, record.Line, column + 1, header[column], $"'{cell}' is not a finite number.");
            return v;
        }

        var weights = new double[layout.WeightColumns.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            var column = layout.WeightColumns[i];
            weights[i] = Number(column, allowEmpty: false);
            if (weights[i] < 0)
                throw RunTableFormatException.At(source, record.Line, column + 1, header[column], $"weight {weights[i].ToString(CultureInfo.InvariantCulture)} is negative.");
            sum += weights[i];
        }
        if (Math.Abs(sum - 1.0) > RunTableColumns.SumTolerance)
        {
            var first = layout.WeightColumns[0] + 1;
            var last = layout.WeightColumns[^1] + 1;
            throw RunTableFormatException.At(source, record.Line,
                $"weights (columns {first}-{last}) sum to {sum.ToString("R", CultureInfo.InvariantCulture)}; they must sum to 1 within {RunTableColumns.SumTolerance}.");
        }
        for (var i = 0; i < weights.Length; i++) weights[i] /= sum;

        double? fidelity = null;
        if (layout.FidelityColumn >= 0)
        {
            fidelity = Number(layout.FidelityColumn, allowEmpty: false);
            if (!(fidelity > 0))
                throw RunTableFormatException.At(source, record.Line, layout.FidelityColumn + 1, header[layout.FidelityColumn], $"fidelity {fidelity} must be positive.");
        }

        var cost = 1.0;
        if (layout.CostColumn >= 0 && record.Fields[layout.CostColumn].Length > 0)
        {
            cost = Number(layout.CostColumn, allowEmpty: false);
            if (!(cost > 0))
                throw RunTableFormatException.At(source, record.Line, layout.CostColumn + 1, header[layout.CostColumn], $"cost {cost} must be positive.");
        }

        var metrics = layout.MetricColumns.Select(c => Number(c, allowEmpty: true)).ToArray();
        return new RunTableRow(record.Line, weights, fidelity, cost, metrics);
    }

    /// <summary>Where each kind of column sits in the header.</summary>
    private sealed record Layout(string[] Domains, int[] WeightColumns, string[] Metrics, int[] MetricColumns, int FidelityColumn, int CostColumn)
    {
        public static Layout FromHeader(CsvRecords.Record header, string source)
        {
            var domains = new List<string>(); var weightColumns = new List<int>();
            var metrics = new List<string>(); var metricColumns = new List<int>();
            int fidelity = -1, cost = -1;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Fields.Count; c++)
            {
                var name = header.Fields[c];
                if (name.Length > 0 && !seen.Add(name))
                    throw RunTableFormatException.At(source, header.Line, c + 1, name, "the column name appears twice.");
                if (name.StartsWith(RunTableColumns.WeightPrefix, StringComparison.Ordinal))
                {
                    var domain = name[RunTableColumns.WeightPrefix.Length..];
                    if (domain.Length == 0) throw RunTableFormatException.At(source, header.Line, c + 1, name, "a weight column needs a domain name after 'w:'.");
                    domains.Add(domain); weightColumns.Add(c);
                }
                else if (name.StartsWith(RunTableColumns.MetricPrefix, StringComparison.Ordinal))
                {
                    var metric = name[RunTableColumns.MetricPrefix.Length..];
                    if (metric.Length == 0) throw RunTableFormatException.At(source, header.Line, c + 1, name, "a metric column needs a name after 'm:'.");
                    metrics.Add(metric); metricColumns.Add(c);
                }
                else if (name == RunTableColumns.Fidelity) fidelity = c;
                else if (name == RunTableColumns.Cost) cost = c;
            }
            if (domains.Count < 2)
                throw RunTableFormatException.At(source, header.Line, $"the header has {domains.Count} w:<domain> column(s); a run table needs at least 2.");
            return new Layout(domains.ToArray(), weightColumns.ToArray(), metrics.ToArray(), metricColumns.ToArray(), fidelity, cost);
        }
    }
}

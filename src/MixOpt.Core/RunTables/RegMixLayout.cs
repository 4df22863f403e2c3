using System.Globalization;

namespace MixOpt.Core.RunTables;

/// <summary>
/// RegMix's published layout (github.com/sail-sg/regmix, data/): a mixture file (<c>index</c> plus one
/// <c>train_the_pile_&lt;domain&gt;</c> column per domain) and a metric file (<c>index</c> plus
/// <c>metric/the_pile_&lt;domain&gt;_val_loss</c> columns), joined on <c>index</c>.
/// Names map to run-table columns as <c>train_the_pile_&lt;d&gt;</c> → <c>w:&lt;d&gt;</c> and
/// <c>metric/the_pile_&lt;d&gt;_val_loss</c> → <c>m:&lt;d&gt;</c>; other names lose only a leading
/// <c>train_</c> / <c>metric/</c>. Writing applies the inverse, so a converted table round-trips.
/// </summary>
public static class RegMixLayout
{
    private const string Index = "index";
    private const string TrainPrefix = "train_";
    private const string PilePrefix = "the_pile_";
    private const string MetricPrefix = "metric/";
    private const string ValLossSuffix = "_val_loss";

    public static string DomainFromColumn(string column)
    {
        var name = column.StartsWith(TrainPrefix, StringComparison.Ordinal) ? column[TrainPrefix.Length..] : column;
        return name.StartsWith(PilePrefix, StringComparison.Ordinal) && name.Length > PilePrefix.Length ? name[PilePrefix.Length..] : name;
    }

    public static string MetricFromColumn(string column)
    {
        var name = column.StartsWith(MetricPrefix, StringComparison.Ordinal) ? column[MetricPrefix.Length..] : column;
        if (name.StartsWith(PilePrefix, StringComparison.Ordinal) && name.EndsWith(ValLossSuffix, StringComparison.Ordinal)
            && name.Length > PilePrefix.Length + ValLossSuffix.Length)
            return name[PilePrefix.Length..^ValLossSuffix.Length];
        return name;
    }

    /// <summary>Joins a mixture file and a metric file on <c>index</c> into a run table, every row at <paramref name="fidelity"/> (if given) and <paramref name="cost"/>.</summary>
    public static RunTable Read(string mixturesText, string mixturesSource, string metricsText, string metricsSource, double? fidelity, double cost)
    {
        if (fidelity is { } f && !(f > 0 && double.IsFinite(f))) throw new ArgumentException($"Fidelity {f} must be a positive number.");
        if (!(cost > 0 && double.IsFinite(cost))) throw new ArgumentException($"Cost {cost} must be a positive number.");

        var mixtures = ReadKeyed(mixturesText, mixturesSource);
        var metrics = ReadKeyed(metricsText, metricsSource);
        var domains = mixtures.Columns.Select(DomainFromColumn).ToArray();
        var metricNames = metrics.Columns.Select(MetricFromColumn).ToArray();
        if (domains.Length < 2) throw RunTableFormatException.At(mixturesSource, mixtures.HeaderLine, $"expected at least 2 mixture columns besides '{Index}', got {domains.Length}.");

        var rows = new List<RunTableRow>(mixtures.Rows.Count);
        foreach (var (key, mixture) in mixtures.Rows)
        {
            if (!metrics.Lookup.TryGetValue(key, out var metricRow))
                throw RunTableFormatException.At(mixturesSource, mixture.Line, $"index {key} has no row in {metricsSource}.");
            var weights = mixture.Values;
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                if (double.IsNaN(weights[i]))
                    throw RunTableFormatException.At(mixturesSource, mixture.Line, mixtures.Positions[i] + 1, mixtures.Columns[i], "the cell is empty.");
                if (weights[i] < 0)
                    throw RunTableFormatException.At(mixturesSource, mixture.Line, mixtures.Positions[i] + 1, mixtures.Columns[i], $"weight {weights[i].ToString(CultureInfo.InvariantCulture)} is negative.");
                sum += weights[i];
            }
            if (Math.Abs(sum - 1.0) > RunTableColumns.SumTolerance)
                throw RunTableFormatException.At(mixturesSource, mixture.Line, $"weights sum to {sum.ToString("R", CultureInfo.InvariantCulture)}; they must sum to 1 within {RunTableColumns.SumTolerance}.");
            rows.Add(new RunTableRow(mixture.Line, weights.Select(w => w / sum).ToArray(), fidelity, cost, metricRow.Values));
        }
        foreach (var (key, metricRow) in metrics.Rows)
            if (!mixtures.Lookup.ContainsKey(key))
                throw RunTableFormatException.At(metricsSource, metricRow.Line, $"index {key} has no row in {mixturesSource}.");
        return new RunTable(mixturesSource, domains, metricNames, fidelity.HasValue, rows);
    }

    /// <summary>Writes <paramref name="table"/> as RegMix's two files, with <c>index</c> counting rows from 1.</summary>
    public static void Write(RunTable table, TextWriter mixtures, TextWriter metrics)
    {
        mixtures.WriteLine(string.Join(',', table.Domains.Select(d => RunTableWriter.Quote(TrainPrefix + PilePrefix + d)).Prepend(Index)));
        metrics.WriteLine(string.Join(',', table.Metrics.Select(m => RunTableWriter.Quote(MetricPrefix + PilePrefix + m + ValLossSuffix)).Prepend(Index)));
        var index = 0;
        foreach (var row in table.Rows)
        {
            index++;
            mixtures.WriteLine(string.Join(',', row.Weights.Select(RunTableWriter.Format).Prepend(index.ToString(CultureInfo.InvariantCulture))));
            metrics.WriteLine(string.Join(',', row.Metrics.Select(m => double.IsNaN(m) ? "" : RunTableWriter.Format(m)).Prepend(index.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private sealed record KeyedRow(int Line, double[] Values);

    private sealed record KeyedTable(int HeaderLine, string[] Columns, int[] Positions, List<(string Key, KeyedRow Row)> Rows, Dictionary<string, KeyedRow> Lookup);

    private static KeyedTable ReadKeyed(string text, string source)
    {
        using var records = CsvRecords.Read(text, source).GetEnumerator();
        if (!records.MoveNext()) throw new RunTableFormatException($"{source}: the file is empty; expected a header with an '{Index}' column.");
        var header = records.Current;
        var indexColumn = header.Fields.ToList().IndexOf(Index);
        if (indexColumn < 0) throw RunTableFormatException.At(source, header.Line, $"no '{Index}' column to join on.");
        var valueColumns = Enumerable.Range(0, header.Fields.Count).Where(c => c != indexColumn).ToArray();
        var rows = new List<(string, KeyedRow)>();
        var lookup = new Dictionary<string, KeyedRow>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            var r = records.Current;
            if (r.Fields.Count != header.Fields.Count)
                throw RunTableFormatException.At(source, r.Line, $"the row has {r.Fields.Count} fields; the header has {header.Fields.Count}.");
            var key = r.Fields[indexColumn];
            var values = new double[valueColumns.Length];
            for (var i = 0; i < valueColumns.Length; i++)
            {
                var c = valueColumns[i];
                var cell = r.Fields[c];
                if (cell.Length == 0) { values[i] = double.NaN; continue; }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                    throw RunTableFormatException.At(source, r.Line, c + 1, header.Fields[c], $"'{cell}' is not a finite number.");
            }
            var row = new KeyedRow(r.Line, values);
            if (!lookup.TryAdd(key, row)) throw RunTableFormatException.At(source, r.Line, indexColumn + 1, Index, $"index {key} appears twice.");
            rows.Add((key, row));
        }
        if (rows.Count == 0) throw RunTableFormatException.At(source, header.Line, "the file has a header but no rows.");
        return new KeyedTable(header.Line, valueColumns.Select(c => header.Fields[c]).ToArray(), valueColumns, rows, lookup);
    }
}

namespace MixOpt.Core.RunTables;

/// <summary>
/// A table of finished runs, the one format every benchmark, import and export uses: the domains (weight
/// columns), metric names (without the <c>m:</c> prefix) and rows. <see cref="Source"/> names where it came from,
/// so errors found later (a missing target value) can name the file and line.
/// </summary>
public sealed class RunTable
{
    public RunTable(string source, IReadOnlyList<string> domains, IReadOnlyList<string> metrics, bool hasFidelity, IReadOnlyList<RunTableRow> rows)
    {
        if (domains.Count < 2) throw new ArgumentException($"{source}: a run table needs at least 2 domains (w:<domain> columns), got {domains.Count}.");
        if (domains.Distinct(StringComparer.Ordinal).Count() != domains.Count) throw new ArgumentException($"{source}: duplicate domain names.");
        if (metrics.Distinct(StringComparer.Ordinal).Count() != metrics.Count) throw new ArgumentException($"{source}: duplicate metric names.");
        foreach (var row in rows)
        {
            if (row.Weights.Length != domains.Count || row.Metrics.Length != metrics.Count)
                throw new ArgumentException($"{source} line {row.Line}: the row has {row.Weights.Length} weights and {row.Metrics.Length} metrics; the table has {domains.Count} and {metrics.Count}.");
            if (hasFidelity != row.Fidelity.HasValue)
                throw new ArgumentException($"{source} line {row.Line}: every row must have a fidelity when the table has one, and none otherwise.");
        }
        Source = source;
        Domains = domains;
        Metrics = metrics;
        HasFidelity = hasFidelity;
        Rows = rows;
    }

    public string Source { get; }
    public IReadOnlyList<string> Domains { get; }
    public IReadOnlyList<string> Metrics { get; }
    public bool HasFidelity { get; }
    public IReadOnlyList<RunTableRow> Rows { get; }

    /// <summary>The index of metric <paramref name="nameOrColumn"/> (with or without <c>m:</c>), or an exception listing the metrics there are.</summary>
    public int MetricIndex(string nameOrColumn)
    {
        var name = RunTableColumns.MetricName(nameOrColumn);
        for (var i = 0; i < Metrics.Count; i++)
            if (Metrics[i] == name) return i;
        throw new ArgumentException($"{Source}: no metric column m:{name}; it has {string.Join(", ", Metrics.Select(m => "m:" + m))}.");
    }

    /// <summary>The distinct fidelities of the rows, ascending (empty when the table has no fidelity column).</summary>
    public IReadOnlyList<double> Fidelities => Rows.Where(r => r.Fidelity.HasValue).Select(r => r.Fidelity!.Value).Distinct().Order().ToArray();

    /// <summary>The rows whose metric <paramref name="metricIndex"/> is present, failing with file and line when one is empty.</summary>
    public IReadOnlyList<RunTableRow> RequireMetric(int metricIndex)
    {
        foreach (var row in Rows)
            if (double.IsNaN(row.Metrics[metricIndex]))
                throw new FormatException($"{Source} line {row.Line}: m:{Metrics[metricIndex]} is empty; every row needs the target metric.");
        return Rows;
    }

    /// <summary>
    /// Rows of several tables as one (e.g. one table per fidelity into a pool). Domains must match in order; the
    /// metrics kept are those every table has.
    /// </summary>
    public static RunTable Concat(string source, IReadOnlyList<RunTable> tables)
    {
        if (tables.Count == 0) throw new ArgumentException("Nothing to concatenate.");
        var first = tables[0];
        foreach (var t in tables.Skip(1))
        {
            if (!t.Domains.SequenceEqual(first.Domains))
                throw new ArgumentException($"{t.Source}: its domains ({string.Join(",", t.Domains)}) differ from {first.Source}'s ({string.Join(",", first.Domains)}).");
            if (t.HasFidelity != first.HasFidelity)
                throw new ArgumentException($"{t.Source}: either every table has a fidelity column or none does ({first.Source} {(first.HasFidelity ? "has" : "has not")}).");
        }
        var metrics = first.Metrics.Where(m => tables.All(t => t.Metrics.Contains(m))).ToArray();
        var rows = new List<RunTableRow>();
        foreach (var t in tables)
        {
            var map = metrics.Select(m => t.MetricIndex(m)).ToArray();
            rows.AddRange(t.Rows.Select(r => r with { Metrics = map.Select(i => r.Metrics[i]).ToArray() }));
        }
        return new RunTable(source, first.Domains, metrics, first.HasFidelity, rows);
    }
}

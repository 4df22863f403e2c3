namespace MixOpt.Core.RunTables;

/// <summary>
/// Builds a run table from finished runs held anywhere (a study's ledger rows, a benchmark's observations), so
/// every export — CLI, REST — writes through <see cref="RunTableWriter"/> or <see cref="RegMixLayout"/>.
/// </summary>
public static class RunTableBuilder
{
    /// <summary>One finished run: its mixture, fidelity (null when the study has no ladder), cost and metrics by name.</summary>
    public sealed record Run(IReadOnlyList<double> Weights, double? Fidelity, double Cost, IReadOnlyDictionary<string, double> Metrics);

    /// <summary>
    /// The runs as a table over <paramref name="domains"/>. Metric columns are every metric any run reported, in
    /// first-seen order; a run lacking one gets an empty cell. Weights are stored as given (they must sum to 1
    /// within the run-table tolerance), rows in the order given.
    /// </summary>
    public static RunTable FromRuns(string source, IReadOnlyList<string> domains, IEnumerable<Run> runs)
    {
        var list = runs.ToList();
        var metrics = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in list)
            foreach (var name in run.Metrics.Keys)
                if (seen.Add(name)) metrics.Add(name);
        var hasFidelity = list.Any(r => r.Fidelity.HasValue);
        var rows = new List<RunTableRow>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var run = list[i];
            if (run.Weights.Count != domains.Count)
                throw new ArgumentException($"{source}: run {i + 1} has {run.Weights.Count} weights; the study has {domains.Count} domains.");
            if (Math.Abs(run.Weights.Sum() - 1.0) > RunTableColumns.SumTolerance)
                throw new ArgumentException($"{source}: run {i + 1}'s weights sum to {run.Weights.Sum()}, not 1.");
            if (hasFidelity && run.Fidelity is null)
                throw new ArgumentException($"{source}: run {i + 1} has no fidelity while others have one.");
            if (!(run.Cost > 0) || !double.IsFinite(run.Cost))
                throw new ArgumentException($"{source}: run {i + 1}'s cost {run.Cost} must be positive.");
            var values = metrics.Select(m => run.Metrics.TryGetValue(m, out var v) ? v : double.NaN).ToArray();
            // Line numbers count from 2: line 1 of the written table is its header.
            rows.Add(new RunTableRow(i + 2, run.Weights.ToArray(), run.Fidelity, run.Cost, values));
        }
        return new RunTable(source, domains, metrics, hasFidelity, rows);
    }
}

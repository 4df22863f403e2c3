namespace MixOpt.Core.RunTables;

/// <summary>
/// The column names of the run-table CSV format: <c>w:&lt;domain&gt;</c> weights, optional <c>fidelity</c> and
/// <c>cost</c>, and <c>m:&lt;metric&gt;</c> metrics. Any other column is ignored, so tables can carry notes.
/// </summary>
public static class RunTableColumns
{
    public const string WeightPrefix = "w:";
    public const string MetricPrefix = "m:";
    public const string Fidelity = "fidelity";
    public const string Cost = "cost";

    /// <summary>How far a row's weights may sum from 1 before it is rejected (rows within it are renormalized).</summary>
    public const double SumTolerance = 1e-2;

    /// <summary>The metric's name without the <c>m:</c> prefix, whichever way the user wrote it.</summary>
    public static string MetricName(string nameOrColumn) =>
        nameOrColumn.StartsWith(MetricPrefix, StringComparison.Ordinal) ? nameOrColumn[MetricPrefix.Length..] : nameOrColumn;
}

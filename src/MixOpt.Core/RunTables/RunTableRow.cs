namespace MixOpt.Core.RunTables;

/// <summary>
/// One run: its mixture (renormalized onto the simplex), fidelity (null when the table has no fidelity column),
/// relative cost, and metric values in the table's metric order (NaN where the cell was empty).
/// <see cref="Line"/> is the 1-based line of the source text, so later checks can still point at it.
/// </summary>
public sealed record RunTableRow(int Line, double[] Weights, double? Fidelity, double Cost, double[] Metrics);

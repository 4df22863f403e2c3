namespace MixOpt.Ledger.Rows;

public sealed class RunMetricRow
{
    public Guid RunId { get; set; }
    public string Name { get; set; } = "";
    public double Value { get; set; }
}

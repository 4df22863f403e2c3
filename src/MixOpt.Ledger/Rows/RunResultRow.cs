namespace MixOpt.Ledger.Rows;

/// <summary>The one recorded result of a run (primary key = run id).</summary>
public sealed class RunResultRow
{
    public Guid RunId { get; set; }
    public int Attempt { get; set; }
    public double Objective { get; set; }
    public double Cost { get; set; }
    public double Seconds { get; set; }
    public string? ArtifactUri { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public List<RunMetricRow> Metrics { get; set; } = [];
}

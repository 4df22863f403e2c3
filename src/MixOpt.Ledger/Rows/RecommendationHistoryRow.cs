namespace MixOpt.Ledger.Rows;

/// <summary>
/// The study's recommendation as it stood after <see cref="Observations"/> results (their summed <see cref="Cost"/>):
/// one row of its history (sql/ledger/0007). <see cref="Final"/> marks the one recorded when the study completed.
/// </summary>
public sealed class RecommendationHistoryRow
{
    public Guid StudyId { get; set; }
    public int Observations { get; set; }
    public double Cost { get; set; }
    public double Predicted { get; set; }
    public double StdDev { get; set; }
    public string Basis { get; set; } = "";
    /// <summary>Weights in the study's domain order.</summary>
    public double[] Mixture { get; set; } = [];
    public bool Final { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

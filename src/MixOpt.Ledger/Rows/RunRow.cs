using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Rows;

public sealed class RunRow
{
    public Guid Id { get; set; }
    public Guid StudyId { get; set; }
    public int Ordinal { get; set; }
    public int Round { get; set; }
    public double[] Mixture { get; set; } = [];
    public double Fidelity { get; set; }
    public RunState State { get; set; }
    public int Attempts { get; set; }
    public string? Worker { get; set; }
    public double? Objective { get; set; }
    public double? Cost { get; set; }
    public string? Error { get; set; }
    /// <summary>The current attempt's lease (null when no attempt holds the run).</summary>
    public Guid? LeaseToken { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

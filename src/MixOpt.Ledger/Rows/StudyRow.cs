using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Rows;

public sealed class StudyRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The validated <see cref="StudySpec"/> as JSON (jsonb).</summary>
    public string Spec { get; set; } = "{}";
    public StudyStatus Status { get; set; }
    public string Strategy { get; set; } = "";
    public int Seed { get; set; }
    public int RunBudget { get; set; }
    public int ProposalRounds { get; set; }
    public Guid? BestRunId { get; set; }
    public double? BestValue { get; set; }
    public double[]? BestMixture { get; set; }
    public double? OptimumValue { get; set; }
    public double[]? OptimumMixture { get; set; }
    public string? Error { get; set; }
    /// <summary>A <see cref="RecommendationDocument"/> as JSON (jsonb), set when the study completes.</summary>
    public string? Recommendation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

namespace MixOpt.Web.Api;

/// <summary>
/// Body of <c>POST /api/studies/{id}/runs/{runId}/rounds</c>: an external trainer's intermediate report under its lease:
/// the steps trained so far (of <see cref="TotalSteps"/>, the run's whole step budget), the tokens seen, every domain's
/// validation loss now, and optionally the proportions it trained the last segment on.
/// </summary>
public sealed record InRunRoundRequest
{
    public Guid? LeaseToken { get; init; }
    public int? Step { get; init; }
    public long? TokensSeen { get; init; }
    public int? TotalSteps { get; init; }
    public IReadOnlyDictionary<string, double>? Losses { get; init; }
    public IReadOnlyDictionary<string, double>? Proportions { get; init; }
}

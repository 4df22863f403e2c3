using MixOpt.Core.Campaigns;

namespace MixOpt.Web.Application;

/// <summary>One upcoming instant of a campaign, as UTC and as the wall-clock time of the campaign's time zone.</summary>
public sealed record NextFiringView(DateTimeOffset Utc, string Local);

/// <summary>A campaign as the API and the dashboard show it.</summary>
public sealed record CampaignView(
    Guid Id, string Name, string State, string? PauseReason, int ConsecutiveFailures, string Action, string Cron, string TimeZone,
    IReadOnlyList<NextFiringView> NextFirings, int Firings, double? BestObjective, Guid? LastStudyId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, CampaignSpec Spec);

/// <summary>One firing: its instant (UTC and local), what it did, the study it created or changed, and what that cost.</summary>
public sealed record CampaignFiringView(
    Guid Id, DateTimeOffset Instant, string InstantLocal, string Trigger, string State, Guid? StudyId, string? Outcome,
    double? BestObjective, double? CostSpent, double? FullRecomputationCost, IReadOnlyDictionary<string, double>? Mixture,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The fields a PATCH may replace; each one left out stays as it is.</summary>
public sealed record CampaignPatch
{
    public string? Name { get; init; }
    public ScheduleSpec? Schedule { get; init; }
    public CampaignActionSpec? Action { get; init; }
    public CampaignPoliciesSpec? Policies { get; init; }
    public Core.Studies.StudySpec? Template { get; init; }
}

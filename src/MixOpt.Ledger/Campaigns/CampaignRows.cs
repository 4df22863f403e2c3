using MixOpt.Core.Campaigns;

namespace MixOpt.Ledger.Campaigns;

public enum CampaignState { Active, Paused }

/// <summary>A firing's state. Pending, Buffered and Running are open; the rest are final.</summary>
public enum FiringState
{
    /// <summary>Claimed for its instant; the action has not finished starting (a restart resumes it from here).</summary>
    Pending,
    /// <summary>Waits for the running firing's study to finish (overlap: bufferOne).</summary>
    Buffered,
    /// <summary>Its study was created or extended and is running.</summary>
    Running,
    Succeeded,
    Failed,
    Skipped,
    Missed,
    /// <summary>Its study was cancelled for a newer firing (overlap: cancel), or the campaign was deleted.</summary>
    Cancelled,
    /// <summary>remix: the corpus had not changed; nothing ran.</summary>
    Unchanged,
}

public enum FiringTrigger { Schedule, Manual }

public static class FiringStates
{
    public static bool IsOpen(this FiringState s) => s is FiringState.Pending or FiringState.Buffered or FiringState.Running;

    /// <summary>Whether a scheduled firing in this state counts toward maxFirings (it acted or will).</summary>
    public static bool Acted(this FiringState s) => s is not (FiringState.Skipped or FiringState.Missed);
}

public sealed record CampaignRow(
    Guid Id, string Name, CampaignSpec Spec, CampaignState State, string? PauseReason, int ConsecutiveFailures,
    DateTimeOffset ScheduleFrom, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One scheduled (or manual) instant of a campaign and what came of it.</summary>
public sealed record CampaignFiringRow(
    Guid Id, Guid CampaignId, DateTimeOffset Instant, FiringTrigger Trigger, FiringState State, Guid? StudyId, string? Outcome,
    double? BestValue, double? CostSpent, double? FullCost, string? Plan, IReadOnlyDictionary<string, double>? Mixture,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>What a firing records when it ends or moves on.</summary>
public sealed record FiringUpdate(
    FiringState State, string? Outcome = null, Guid? StudyId = null, double? BestValue = null, double? CostSpent = null,
    double? FullCost = null, string? Plan = null, IReadOnlyDictionary<string, double>? Mixture = null);

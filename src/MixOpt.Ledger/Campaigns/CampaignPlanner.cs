using MixOpt.Core.Campaigns;

namespace MixOpt.Ledger.Campaigns;

/// <summary>What a campaign does with one scheduled instant.</summary>
public enum FiringDecision
{
    /// <summary>Run the action now.</summary>
    Fire,
    /// <summary>Record it as skipped: the previous firing's study still runs (overlap: skip, or the buffer is taken).</summary>
    Skip,
    /// <summary>Record it as waiting; it fires when the running study finishes (overlap: bufferOne).</summary>
    Buffer,
    /// <summary>Cancel the running study, then run the action (overlap: cancel).</summary>
    CancelRunningAndFire,
    /// <summary>Record it as missed: it is older than the catch-up window.</summary>
    Missed,
}

public sealed record PlannedFiring(DateTimeOffset Instant, FiringDecision Decision);

/// <summary>Where a campaign stands when it plans: read from its firings in the ledger.</summary>
/// <param name="LastInstant">The latest scheduled instant recorded (any state), or null before the first.</param>
/// <param name="Since">Instants at or before this are not the campaign's (when it was created or last resumed).</param>
/// <param name="Fired">Scheduled firings that acted so far (not skipped or missed), for the maximum.</param>
/// <param name="Running">A firing's study is still running.</param>
/// <param name="Buffered">An instant is already waiting for it.</param>
public sealed record CampaignPosition(DateTimeOffset? LastInstant, DateTimeOffset Since, int Fired, bool Running, bool Buffered);

/// <summary>
/// Decides, from the schedule, the policies and where the campaign stands, what to do with every instant that is due
/// at <c>now</c>. Pure (time is an argument), so the misfire and overlap rules are tested with a fake clock.
/// </summary>
public static class CampaignPlanner
{
    /// <summary>Missed instants are recorded one by one for at most this long before the window (a long outage is not millions of rows).</summary>
    public static readonly TimeSpan MissedLookback = TimeSpan.FromDays(1);
    public const int MaxMissedRecorded = 1000;

    public static IReadOnlyList<PlannedFiring> Plan(CampaignSchedule schedule, CampaignPoliciesSpec policies, int? maxFirings, CampaignPosition position, DateTimeOffset now)
    {
        var window = TimeSpan.FromSeconds(policies.CatchUpSeconds);
        var after = position.LastInstant is { } last && last > position.Since ? last : position.Since;
        var oldestRecorded = now - window - MissedLookback;
        if (after < oldestRecorded) after = oldestRecorded;

        var plan = new List<PlannedFiring>();
        var (fired, running, buffered) = (position.Fired, position.Running, position.Buffered);
        var missed = new Queue<PlannedFiring>();
        foreach (var instant in schedule.Between(after, now))
        {
            if (maxFirings is { } max && fired >= max) break;
            if (now - instant > window)
            {
                missed.Enqueue(new PlannedFiring(instant, FiringDecision.Missed));
                if (missed.Count > MaxMissedRecorded) missed.Dequeue();
                continue;
            }
            var decision = !running ? FiringDecision.Fire : policies.Overlap switch
            {
                OverlapPolicies.Allow => FiringDecision.Fire,
                OverlapPolicies.Cancel => FiringDecision.CancelRunningAndFire,
                OverlapPolicies.BufferOne when !buffered => FiringDecision.Buffer,
                _ => FiringDecision.Skip,
            };
            plan.Add(new PlannedFiring(instant, decision));
            if (decision is FiringDecision.Fire or FiringDecision.CancelRunningAndFire or FiringDecision.Buffer) fired++;
            if (decision is FiringDecision.Fire or FiringDecision.CancelRunningAndFire) running = true;
            if (decision == FiringDecision.Buffer) buffered = true;
        }
        return [.. missed, .. plan];
    }
}

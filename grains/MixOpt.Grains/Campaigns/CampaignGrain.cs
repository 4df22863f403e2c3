using MixOpt.Core.Campaigns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MixOpt.Grains.Placement;
using MixOpt.Ledger.Campaigns;

namespace MixOpt.Grains.Campaigns;

/// <summary>
/// Drives one campaign from the ledger. A durable reminder (ADO.NET, on the ledger's PostgreSQL) wakes it at least
/// every <see cref="CampaignOptions.ReminderPeriod"/>, so a restarted host or another silo picks the campaign up; while
/// it is active a grain timer wakes it at the next instant (seconds-level schedules) and, while a firing's study runs,
/// every <see cref="CampaignOptions.PollInterval"/>. Each wake-up is one pass: finish what the ledger says is open,
/// then plan and fire what is due. A pass never trusts memory: an instant belongs to whoever inserted its firing row.
/// </summary>
[CoordinatorPlacement]
public sealed class CampaignGrain(
    CampaignLedger ledger, CampaignActionRunner actions, TimeProvider clock, IOptions<CampaignOptions> options, ILogger<CampaignGrain> log)
    : Grain, ICampaignGrain, IRemindable
{
    private const string ReminderName = "campaign";
    private IGrainTimer? _timer;
    private bool _reminderRegistered;

    private Guid Id => this.GetPrimaryKey();

    /// <summary>
    /// Says which silo took the campaign: after a silo died, the one that resumed it (the cluster kill test reads it).
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.LogInformation("Campaign {CampaignId} activated on silo {Silo}", Id, RuntimeIdentity);
        return Task.CompletedTask;
    }

    public Task Wake() => PassAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => PassAsync();

    public async Task<Guid?> Trigger()
    {
        var campaign = await ledger.FindAsync(Id);
        if (campaign is null) return null;
        // Microseconds, as PostgreSQL keeps them, so the instant read back is the instant claimed.
        var now = clock.GetUtcNow();
        var instant = new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero);
        var firing = await ledger.ClaimAsync(Id, instant, FiringTrigger.Manual, FiringState.Pending, StudyIdFor(campaign));
        if (firing is null) return (await ledger.FiringsAsync(Id, 0, 50)).FirstOrDefault(f => f.Instant == instant)?.Id;
        await StartAsync(campaign, firing);
        await PassAsync();
        return firing.Id;
    }

    public async Task Forget()
    {
        _timer?.Dispose();
        _timer = null;
        await UnregisterReminderAsync();
        DeactivateOnIdle();
    }

    private async Task PassAsync()
    {
        var campaign = await ledger.FindAsync(Id);
        if (campaign is null)
        {
            await Forget();
            return;
        }
        if (campaign.State == CampaignState.Active) await EnsureReminderAsync();
        else await UnregisterReminderAsync();

        campaign = await FinishOpenFiringsAsync(campaign);
        var now = clock.GetUtcNow();
        if (campaign.State == CampaignState.Active)
        {
            var schedule = CampaignSchedule.From(campaign.Spec.Schedule);
            var position = await ledger.PositionAsync(campaign);
            foreach (var planned in CampaignPlanner.Plan(schedule, campaign.Spec.Policies, campaign.Spec.Schedule.MaxFirings, position, now))
            {
                await ExecuteAsync(campaign, planned, now);
                // A firing that failed may have paused the campaign: the rest of the plan waits for a resume.
                if ((await ledger.FindAsync(Id)) is not { State: CampaignState.Active }) break;
            }
        }
        await ScheduleNextAsync();
    }

    /// <summary>Pending firings are started (again), running ones checked, a buffered one fired once nothing runs.</summary>
    private async Task<CampaignRow> FinishOpenFiringsAsync(CampaignRow campaign)
    {
        var running = false;
        foreach (var firing in await ledger.OpenFiringsAsync(Id))
        {
            if (firing.State == FiringState.Pending) { await StartAsync(campaign, firing); running |= true; }
            else if (firing.State == FiringState.Running)
            {
                if (await actions.CheckAsync(firing) is { } end) await EndAsync(campaign, firing, [FiringState.Running], end);
                else running = true;
            }
        }
        campaign = await ledger.FindAsync(Id) ?? campaign;
        if (!running && (await ledger.OpenFiringsAsync(Id)).FirstOrDefault(f => f.State == FiringState.Buffered) is { } buffered)
        {
            if (campaign.State == CampaignState.Active && await ledger.UpdateFiringAsync(buffered.Id, [FiringState.Buffered], new FiringUpdate(FiringState.Pending, "Fired after the running study finished.")))
                await StartAsync(campaign, buffered with { State = FiringState.Pending });
        }
        return campaign;
    }

    private async Task ExecuteAsync(CampaignRow campaign, PlannedFiring planned, DateTimeOffset now)
    {
        switch (planned.Decision)
        {
            case FiringDecision.Missed:
                await ledger.ClaimAsync(Id, planned.Instant, FiringTrigger.Schedule, FiringState.Missed,
                    outcome: $"Missed: due {(now - planned.Instant).TotalSeconds:F0} s ago, beyond the catch-up window of {campaign.Spec.Policies.CatchUpSeconds} s.");
                break;
            case FiringDecision.Skip:
                await ledger.ClaimAsync(Id, planned.Instant, FiringTrigger.Schedule, FiringState.Skipped, outcome: "Skipped: an earlier firing's study was still running (overlap policy).");
                break;
            case FiringDecision.Buffer:
                // The study id is chosen now, as for any firing that will act, so starting it later is idempotent too.
                await ledger.ClaimAsync(Id, planned.Instant, FiringTrigger.Schedule, FiringState.Buffered, StudyIdFor(campaign),
                    outcome: "Waiting for the running study to finish (overlap: bufferOne).");
                break;
            case FiringDecision.CancelRunningAndFire:
                await CancelRunningAsync(planned.Instant);
                goto case FiringDecision.Fire;
            case FiringDecision.Fire:
                if (await ledger.ClaimAsync(Id, planned.Instant, FiringTrigger.Schedule, FiringState.Pending, StudyIdFor(campaign)) is { } firing)
                    await StartAsync(campaign, firing);
                break;
        }
    }

    private async Task CancelRunningAsync(DateTimeOffset instant)
    {
        foreach (var open in await ledger.OpenFiringsAsync(Id))
        {
            if (open.State != FiringState.Running || open.StudyId is not { } study) continue;
            await GrainFactory.GetGrain<IStudyGrain>(study).Cancel();
            await ledger.UpdateFiringAsync(open.Id, [FiringState.Running], new FiringUpdate(FiringState.Cancelled, $"Cancelled for the firing of {instant:O} (overlap: cancel)."));
        }
    }

    private async Task StartAsync(CampaignRow campaign, CampaignFiringRow firing)
    {
        FiringUpdate update;
        try { update = await actions.StartAsync(campaign, firing); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Transient trouble (the ledger restarting): the firing stays Pending and the next pass resumes it.
            log.LogWarning(e, "Campaign {CampaignId}: starting the firing of {Instant} failed; it will be resumed", Id, firing.Instant);
            return;
        }
        await EndAsync(campaign, firing, [FiringState.Pending], update);
    }

    private async Task EndAsync(CampaignRow campaign, CampaignFiringRow firing, FiringState[] from, FiringUpdate update)
    {
        if (!await ledger.UpdateFiringAsync(firing.Id, from, update)) return;
        if (update.State == FiringState.Failed)
        {
            if (await ledger.RecordFailureAsync(Id, campaign.Spec.Policies.PauseAfterFailures))
                log.LogWarning("Campaign {CampaignId} paused after {Failures} failed firings in a row", Id, campaign.Spec.Policies.PauseAfterFailures);
        }
        else if (update.State is FiringState.Succeeded or FiringState.Unchanged) await ledger.ResetFailuresAsync(Id);
    }

    /// <summary>A timer to the next instant, or sooner while a study runs; the reminder covers a deactivation.</summary>
    private async Task ScheduleNextAsync()
    {
        _timer?.Dispose();
        _timer = null;
        var campaign = await ledger.FindAsync(Id);
        if (campaign is null) return;
        var now = clock.GetUtcNow();
        var open = (await ledger.OpenFiringsAsync(Id)).Count > 0;
        TimeSpan? due = open ? options.Value.PollInterval : null;
        if (campaign.State == CampaignState.Active && CampaignSchedule.From(campaign.Spec.Schedule).Next(now) is { } next)
        {
            var untilNext = next - now;
            if (untilNext <= options.Value.ReminderPeriod && (due is null || untilNext < due)) due = untilNext;
        }
        if (due is not { } wait) return;
        _timer = this.RegisterGrainTimer(_ => PassAsync(), new GrainTimerCreationOptions
        {
            DueTime = wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true,
        });
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered) return;
        var period = options.Value.ReminderPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        _reminderRegistered = true;
    }

    private async Task UnregisterReminderAsync()
    {
        _reminderRegistered = false;
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    /// <summary>The id the firing's study will have: the extended study, or a new one chosen now and kept with the claim.</summary>
    private static Guid StudyIdFor(CampaignRow campaign) =>
        campaign.Spec.Action.Kind == CampaignActions.Extend ? campaign.Spec.Action.StudyId!.Value : Guid.CreateVersion7();
}

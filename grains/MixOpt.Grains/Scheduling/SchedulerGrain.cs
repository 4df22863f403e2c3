using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MixOpt.Core.Studies;
using MixOpt.Grains.Cluster;
using MixOpt.Grains.Placement;
using MixOpt.Ledger.Runs;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MixOpt.Grains.Scheduling;

/// <summary>
/// Leases queued runs to free slots of live worker silos. It learns the slots from cluster membership and each
/// silo's metadata, sweeps expired leases, and when a silo stops being active drops its slots and re-queues its runs
/// at once (their leases are revoked, so they need not wait to expire). Its sweep is the only place lease expiry is
/// swept, for every study (silo slots and external trainers alike). Its state is soft: an activation rebuilds
/// the queue and the busy slots from the ledger, and a reminder re-activates it on another silo if its own dies.
/// </summary>
[CoordinatorPlacement]
public sealed class SchedulerGrain(
    RunLifecycle ledger,
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    ILocalSiloDetails localSilo,
    SiloCapabilities localCapabilities,
    TimeProvider clock,
    IOptions<SchedulerOptions> options,
    ILogger<SchedulerGrain> log) : Grain, ISchedulerGrain, IRemindable
{
    private const string KeepAliveReminder = "keep-alive";
    private readonly RunQueue _queue = new();
    private readonly SlotTable _slots = new();
    private SchedulerOptions Options => options.Value;
    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var run in await ledger.PendingRunsAsync(cancellationToken))
        {
            var ticket = new RunTicket(run.StudyId, run.RunId, run.Ordinal);
            if (run.State == RunState.Queued) _queue.Enqueue(ticket);
            // A run a live slot still executes keeps that slot busy; one held by a gone silo is revoked on the first tick.
            else if (WorkerSlots.TryParse(run.Worker, out _, out _)) _slots.Assign(run.Worker!, ticket);
        }
        log.LogInformation("Scheduler activated: {Queued} queued, {Executing} executing per the ledger", _queue.Count, _slots.Busy.Count);
        this.RegisterGrainTimer(_ => Tick(), new GrainTimerCreationOptions(TimeSpan.Zero, Options.SweepInterval) { KeepAlive = true });
        try
        {
            // Minimum reminder period is a minute: the timer does the work, the reminder only brings the grain back.
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Scheduler keep-alive reminder not registered; studies' resumes will re-activate it instead");
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Tick();

    public async Task Enqueue(IReadOnlyList<RunTicket> tickets)
    {
        foreach (var t in tickets)
            if (!_slots.IsExecuting(t.RunId)) _queue.Enqueue(t);
        await Dispatch();
    }

    public async Task SlotDone(string worker, RunTicket ticket, bool requeue, bool tellStudy)
    {
        _slots.Release(ticket.RunId);
        // Not awaited: the study's decision (a ledger read and write) must not hold up dispatching to free slots.
        if (tellStudy) _ = TellStudy(ticket.StudyId, ticket.RunId);
        if (requeue) _queue.Enqueue(ticket);
        await Dispatch();
    }

    public async Task CancelStudy(Guid studyId)
    {
        _queue.RemoveStudy(studyId);
        foreach (var (worker, ticket) in _slots.Busy.Where(b => b.Value.StudyId == studyId).ToList())
            await CancelOnWorker(worker, ticket.RunId);
    }

    public async Task CancelRun(Guid runId)
    {
        if (_queue.Remove(runId)) return;
        if (_slots.WorkerOf(runId) is { } worker) await CancelOnWorker(worker, runId);
    }

    public Task<SchedulerSnapshot> Snapshot() =>
        Task.FromResult(new SchedulerSnapshot(_queue.Count, _slots.Busy.ToDictionary(b => b.Key, b => (Guid?)b.Value.RunId)));

    public Task<IReadOnlyList<WorkerSiloView>> Workers()
    {
        var views = membership.CurrentSnapshot.Members.Values
            .OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(m =>
            {
                var caps = CapabilitiesOf(m.SiloAddress);
                var prefix = WorkerSlots.Prefix(m.SiloAddress);
                var busy = _slots.Busy.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .OrderBy(b => b.Key, StringComparer.Ordinal)
                    .Select(b => new WorkerSlotView(b.Key, b.Value.StudyId, b.Value.RunId, b.Value.Ordinal)).ToList();
                return new WorkerSiloView(m.SiloAddress.ToParsableString(), m.Name, m.Status.ToString(),
                    caps?.Role ?? "unknown", caps?.Slots ?? 0, caps?.Gpus ?? 0, caps?.GpuKind, busy);
            }).ToList();
        return Task.FromResult<IReadOnlyList<WorkerSiloView>>(views);
    }

    public async Task Tick()
    {
        await SyncSilos();
        await Sweep([], []);
        await Dispatch();
    }

    /// <summary>Takes the live silos and their slots from membership; re-queues what gone silos were executing.</summary>
    private async Task SyncSilos()
    {
        var live = new Dictionary<SiloAddress, SiloCapabilities>();
        foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
            if (CapabilitiesOf(member.SiloAddress) is { } caps) live[member.SiloAddress] = caps;

        var gone = _slots.Sync(live).ToList();
        // Slots adopted from the ledger at activation whose silo is no longer active.
        foreach (var silo in _slots.UnknownBusySilos())
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo);
            if (status is not (SiloStatus.Active or SiloStatus.Joining or SiloStatus.Created)) gone.Add((silo, _slots.Drop(silo)));
        }
        foreach (var (silo, runs) in gone)
        {
            var why = $"silo {silo.ToParsableString()} is {membership.CurrentSnapshot.GetSiloStatus(silo)}";
            log.LogWarning("{Why}: dropping its slots and re-queueing its {Runs} runs", why, runs.Count);
            var revoked = await ledger.RevokeAsync(WorkerSlots.Prefix(silo), why, Options.MaxAttempts);
            await Sweep(runs.Select(r => r.RunId).ToList(), revoked);
        }
    }

    /// <summary>
    /// Ends expired leases (re-queueing or failing their runs), takes the attempts <paramref name="revoked"/> already
    /// ended, and re-queues <paramref name="orphans"/> that the ledger says are queued again. A run that used up its
    /// attempts fails; its study is told.
    /// </summary>
    private async Task Sweep(IReadOnlyList<Guid> orphans, IReadOnlyList<ExpiredLease> revoked)
    {
        var expired = (await ledger.ExpireAsync(Options.MaxAttempts)).Concat(revoked).ToList();
        foreach (var e in expired)
        {
            _slots.Release(e.RunId);
            log.LogInformation("Run {RunId} attempt {Attempt} on {Worker}: lease expired, run {End}", e.RunId, e.Attempt, e.Worker, e.Run);
            if (e.Run == AttemptEnd.RunFailed) await TellStudy(e.StudyId, e.RunId);
        }
        // Only runs for silo slots come back here; a run an external trainer leased waits for the next external lease.
        var candidates = orphans.Concat(expired.Where(e => e.Run == AttemptEnd.Requeued && WorkerSlots.TryParse(e.Worker, out _, out _)).Select(e => e.RunId))
            .Distinct().ToList();
        if (candidates.Count == 0) return;
        foreach (var run in await ledger.FindRunsAsync(candidates))
            if (run.State == RunState.Queued) _queue.PushFront(new RunTicket(run.StudyId, run.RunId, run.Ordinal));
    }

    private async Task Dispatch()
    {
        while (_queue.Count > 0 && _slots.NextFreeSlot(Now) is { } worker)
        {
            var ticket = _queue.Dequeue()!;
            _slots.Assign(worker, ticket);
            try
            {
                await GrainFactory.GetGrain<IWorkerGrain>(worker).Execute(ticket);
            }
            catch (Exception e)
            {
                // The slot never took it: its silo may be dying. Put the run back first in line and try other silos.
                log.LogWarning(e, "Worker {Worker} refused run {RunId}; re-queueing it and resting the silo", worker, ticket.RunId);
                _slots.Release(ticket.RunId);
                _queue.PushFront(ticket);
                if (WorkerSlots.TryParse(worker, out var silo, out _)) _slots.Suspend(silo, Now + Options.RefusalBackoff);
            }
        }
    }

    private async Task CancelOnWorker(string worker, Guid runId)
    {
        try
        {
            await GrainFactory.GetGrain<IWorkerGrain>(worker).Cancel(runId);
        }
        catch (Exception e)
        {
            // The silo is gone: nothing executes there any more, and the ledger has the run cancelled already.
            log.LogWarning(e, "Could not reach worker {Worker} to cancel run {RunId}", worker, runId);
        }
    }

    private async Task TellStudy(Guid studyId, Guid runId)
    {
        try
        {
            await GrainFactory.GetGrain<IStudyGrain>(studyId).RunFinished(runId);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Study {StudyId} not told that run {RunId} failed; its periodic resume will see it", studyId, runId);
        }
    }

    private SiloCapabilities? CapabilitiesOf(SiloAddress silo) =>
        silo.Equals(localSilo.SiloAddress) ? localCapabilities : SiloCapabilities.FromMetadata(metadata.GetSiloMetadata(silo).Metadata);
}

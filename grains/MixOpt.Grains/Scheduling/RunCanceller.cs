using MixOpt.Ledger.Runs;

namespace MixOpt.Grains.Scheduling;

/// <summary>
/// Cancels one run: the ledger first (so a result the run reports later is refused), then the scheduler (drops it
/// from the queue, or has the slot executing it cancel its executor), then the study (which moves on without it).
/// </summary>
public sealed class RunCanceller(RunLifecycle ledger, IGrainFactory grains)
{
    /// <summary>Null when there is no such run; otherwise whether this call cancelled it (false: it had already finished).</summary>
    public async Task<CancelledRun?> CancelAsync(Guid runId, CancellationToken ct = default)
    {
        var result = await ledger.CancelRunAsync(runId, ct);
        if (result is not { Cancelled: true }) return result;
        await grains.GetGrain<ISchedulerGrain>(0).CancelRun(runId);
        await grains.GetGrain<IStudyGrain>(result.StudyId).RunFinished(runId);
        return result;
    }
}

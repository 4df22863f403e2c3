using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MixOpt.Grains.Scheduling;
using MixOpt.Ledger;

namespace MixOpt.Grains.Studies;

/// <summary>
/// After the silo starts, and then periodically, pokes every study the ledger says is active. This is what makes
/// a restarted host pick its studies up again, and it re-fills a scheduler queue that was lost.
/// </summary>
public sealed class StudyResumer(StudyLedger ledger, IGrainFactory grains, IOptions<SchedulerOptions> options, ILogger<StudyResumer> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResumeInterval);
        do
        {
            try
            {
                // The scheduler first: activating it rebuilds its queue from the ledger (after a cluster restart).
                await grains.GetGrain<ISchedulerGrain>(0).Tick();
                foreach (var id in await ledger.ActiveStudyIdsAsync(stoppingToken))
                    await grains.GetGrain<IStudyGrain>(id).Start();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Resuming active studies failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

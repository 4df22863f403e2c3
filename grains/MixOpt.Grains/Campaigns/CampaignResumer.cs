using MixOpt.Core.Campaigns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MixOpt.Ledger.Campaigns;

namespace MixOpt.Grains.Campaigns;

/// <summary>
/// Wakes every active campaign when the silo starts and then periodically. The reminders are what wake campaigns in a
/// cluster; this makes a restarted host catch up at once instead of at the reminder's next tick (up to a minute
/// later, which could push instants out of a short catch-up window).
/// </summary>
public sealed class CampaignResumer(CampaignLedger ledger, IGrainFactory grains, IOptions<CampaignOptions> options, ILogger<CampaignResumer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResumeInterval);
        do
        {
            try
            {
                foreach (var id in await ledger.ActiveIdsAsync(stoppingToken))
                    await grains.GetGrain<ICampaignGrain>(id).Wake();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Waking active campaigns failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

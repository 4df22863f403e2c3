using MixOpt.Grains.Studies;
using MixOpt.Ledger;

namespace MixOpt.Web.Demo;

/// <summary>With <c>--demo</c>: submits the demo study once the host has started, unless one already ran in this ledger.</summary>
public sealed class DemoStudyService(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<DemoStudyService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var ledger = services.GetRequiredService<StudyLedger>();
        var existing = (await ledger.ListStudiesAsync(0, 500, stoppingToken)).FirstOrDefault(s => s.Name == DemoStudy.Name);
        if (existing is not null)
        {
            log.LogInformation("Demo study {StudyId} already exists ({Status})", existing.Id, existing.Status);
            return;
        }
        var row = await services.GetRequiredService<StudySubmitter>().SubmitAsync(DemoStudy.Spec, stoppingToken);
        Console.WriteLine($"MixOpt demo study submitted: {row.Id} ({row.RunBudget} simulated runs)");
    }
}

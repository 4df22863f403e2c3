using Microsoft.Extensions.Options;
using MixOpt.Core.Studies;
using MixOpt.Grains.Studies;
using MixOpt.Web.Api;
using MixOpt.Web.Application;
using MixOpt.Training.Corpus;
using MixOpt.Training.Execution;
using MixOpt.Training.Shards;

namespace MixOpt.Embedded.Demo;

/// <summary>
/// With <c>--demo</c>: once the host has started, submits the simulated demo study and, when the builtin trainer
/// has a shard folder (<c>Training:ShardsPath</c>), prepares the demo corpus there and submits a training study.
/// A demo that already ran in this ledger is not submitted again.
/// </summary>
public sealed class DemoStudyService(IServiceProvider services, IOptions<TorchSharpExecutorOptions> training, IHostApplicationLifetime lifetime, ILogger<DemoStudyService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var random = await SubmitOnceAsync(DemoStudy.Spec, stoppingToken);
        var standard = await SubmitOnceAsync(DemoStudy.DefaultStrategySpec, stoppingToken);
        Console.WriteLine($"MixOpt demo comparison (default strategy vs random, same oracle and budget): /compare?studies={standard},{random}");

        var shards = training.Value.ShardsPath;
        if (string.IsNullOrWhiteSpace(shards))
        {
            log.LogInformation("No Training:ShardsPath: the proxy-training demo is skipped");
            return;
        }
        var manifests = await DemoCorpus.PrepareAsync(new LocalShardStore(shards), ct: stoppingToken);
        Console.WriteLine($"MixOpt demo corpus: {manifests.Count} domains ({string.Join(", ", manifests.Select(m => m.Domain))}) in {shards}");
        await SubmitOnceAsync(DemoTrainingStudy.Create(manifests.Select(m => m.Domain).ToArray()), stoppingToken);
    }

    private async Task<Guid> SubmitOnceAsync(StudySpec spec, CancellationToken ct)
    {
        var (named, _) = await services.GetRequiredService<StudyQueries>().ListAsync(null, null, spec.Name, 0, StudiesApi.MaxPageSize, ct);
        var existing = named.FirstOrDefault(s => s.Name == spec.Name);
        if (existing is not null)
        {
            log.LogInformation("Demo study {StudyId} already exists ({Status})", existing.Id, existing.Status);
            return existing.Id;
        }
        var row = await services.GetRequiredService<StudySubmitter>().SubmitAsync(spec, ct);
        Console.WriteLine($"MixOpt demo study submitted: {row.Name} · {row.Id} ({row.RunBudget} runs, {spec.Executor} executor)");
        return row.Id;
    }
}

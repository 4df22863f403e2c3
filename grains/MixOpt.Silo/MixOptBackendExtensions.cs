using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Simulation;
using MixOpt.Grains.Execution;
using MixOpt.Grains.Scheduling;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Schema;
using MixOpt.Training.Execution;
using Orleans.Configuration;

namespace MixOpt.Silo;

public static class MixOptBackendExtensions
{
    /// <summary>
    /// Ledger, artifact store, executors and an Orleans silo with localhost clustering (the embedded, one-process mode).
    /// Ports come from <c>Orleans:SiloPort</c> / <c>Orleans:GatewayPort</c> so several hosts can share a machine.
    /// </summary>
    public static IHostApplicationBuilder AddMixOptBackend(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddMixOptLedger(config.GetConnectionString("Ledger") ?? "");
        builder.Services.AddSingleton<IArtifactStore>(_ => BlobArtifactStore.FromConnectionString(
            config.GetConnectionString("Blobs") ?? "", config["Artifacts:Container"] ?? BlobArtifactStore.DefaultContainer));
        builder.Services.AddSingleton<IRunExecutor, SimulatedExecutor>();
        // The built-in TorchSharp proxy trainer: shard location and thread cap from the "Training" section.
        var training = config.GetSection(TorchSharpExecutorOptions.Section).Get<TorchSharpExecutorOptions>() ?? new TorchSharpExecutorOptions();
        builder.Services.AddSingleton<IRunExecutor>(sp => TorchSharpExecutor.Create(training, sp.GetRequiredService<IArtifactStore>()));
        builder.Services.AddSingleton<RunProcessor>();
        builder.Services.AddSingleton<StudySubmitter>();
        builder.Services.Configure<SchedulerOptions>(config.GetSection(SchedulerOptions.Section));

        var orleans = config.GetSection("Orleans");
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                siloPort: orleans.GetValue("SiloPort", 11111),
                gatewayPort: orleans.GetValue("GatewayPort", 30000),
                serviceId: "mixopt",
                clusterId: orleans.GetValue("ClusterId", "mixopt-local")!);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
        });
        // Registered after the silo so it starts once grains can be called.
        builder.Services.AddHostedService<StudyResumer>();
        return builder;
    }

    /// <summary>Applies ledger migrations and creates the artifact container; run before the host starts.</summary>
    public static async Task PrepareStorageAsync(this IServiceProvider services, IConfiguration config, CancellationToken ct = default)
    {
        await LedgerMigrator.MigrateAsync(config.GetConnectionString("Ledger") ?? "", ct);
        await services.GetRequiredService<IArtifactStore>().InitializeAsync(ct);
    }
}

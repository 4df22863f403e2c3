using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Simulation;
using MixOpt.Grains.Execution;
using MixOpt.Grains.Placement;
using MixOpt.Grains.Scheduling;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Studies;
using MixOpt.Ledger.Schema;
using MixOpt.Training.Execution;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MixOpt.Silo;

public static class MixOptBackendExtensions
{
    /// <summary>The ADO.NET invariant of PostgreSQL's provider (Npgsql) for Orleans' clustering and reminders.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Ledger, artifact store, executors and an Orleans silo. <c>Cluster:Mode</c> chooses localhost clustering (the
    /// embedded one-process mode, the default) or ADO.NET clustering and reminders on the ledger's PostgreSQL.
    /// <paramref name="webHost"/>: this silo is the web/API host, which in a real cluster has no slots.
    /// Ports come from <c>Orleans:SiloPort</c> / <c>Orleans:GatewayPort</c> so several silos can share a machine;
    /// failure detection from <c>Orleans:Membership</c> (Orleans' ClusterMembershipOptions).
    /// </summary>
    public static IHostApplicationBuilder AddMixOptBackend(this IHostApplicationBuilder builder, bool webHost = false)
    {
        var config = builder.Configuration;
        var ledger = config.GetConnectionString("Ledger") ?? "";
        builder.Services.AddMixOptLedger(ledger);
        builder.Services.AddSingleton<IArtifactStore>(_ => BlobArtifactStore.FromConnectionString(
            config.GetConnectionString("Blobs") ?? "", config["Artifacts:Container"] ?? BlobArtifactStore.DefaultContainer));
        builder.Services.AddSingleton<IRunExecutor, SimulatedExecutor>();
        // The built-in TorchSharp proxy trainer: shard location and thread cap from the "Training" section.
        var training = config.GetSection(TorchSharpExecutorOptions.Section).Get<TorchSharpExecutorOptions>() ?? new TorchSharpExecutorOptions();
        builder.Services.AddSingleton<IRunExecutor>(sp => TorchSharpExecutor.Create(training, sp.GetRequiredService<IArtifactStore>()));
        builder.Services.AddSingleton<RunProcessor>();
        builder.Services.TryAddSingleton<StudySpecCache>();
        builder.Services.AddSingleton<StudySubmitter>();
        builder.Services.AddSingleton<RunCanceller>();
        builder.Services.Configure<SchedulerOptions>(config.GetSection(SchedulerOptions.Section));

        var cluster = config.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var capabilities = SiloCapabilitiesResolver.Resolve(config, cluster.Mode, webHost);
        builder.Services.AddSingleton(capabilities);

        var orleans = config.GetSection("Orleans");
        var siloPort = orleans.GetValue("SiloPort", 11111);
        var gatewayPort = orleans.GetValue("GatewayPort", 30000);
        var clusterId = orleans.GetValue("ClusterId", "mixopt-local")!;
        builder.UseOrleans(silo =>
        {
            if (cluster.Mode == ClusterMode.AdoNet)
            {
                silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "mixopt"; });
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIP), siloPort, gatewayPort, cluster.ListenOnAnyHostAddress);
                silo.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = ledger; });
                silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = ledger; });
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: gatewayPort, serviceId: "mixopt", clusterId: clusterId);
                silo.UseInMemoryReminderService();
            }
            silo.Services.Configure<ClusterMembershipOptions>(orleans.GetSection("Membership"));
            silo.UseSiloMetadata(capabilities.ToMetadata());
            silo.AddPlacementDirector<SlotPlacementStrategy, SlotPlacementDirector>();
            silo.AddPlacementDirector<CoordinatorPlacementStrategy, CoordinatorPlacementDirector>();
            if (cluster.Dashboard) silo.AddDashboard();
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
        });
        // Registered after the silo so it starts once grains can be called.
        builder.Services.AddHostedService<StudyResumer>();
        return builder;
    }

    /// <summary>Applies ledger (and Orleans table) migrations and creates the artifact container; run before the host starts.</summary>
    public static async Task PrepareStorageAsync(this IServiceProvider services, IConfiguration config, CancellationToken ct = default)
    {
        await LedgerMigrator.MigrateAsync(config.GetConnectionString("Ledger") ?? "", ct);
        await services.GetRequiredService<IArtifactStore>().InitializeAsync(ct);
    }
}

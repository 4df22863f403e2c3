using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MixOpt.Artifacts;
using MixOpt.Backend.Telemetry;
using MixOpt.Core.Execution;
using MixOpt.Core.Simulation;
using MixOpt.Grains.Execution;
using MixOpt.Grains.Placement;
using MixOpt.Grains.Scheduling;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Studies;
using MixOpt.Ledger.Schema;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MixOpt.Backend;

public static class MixOptBackendExtensions
{
    /// <summary>The ADO.NET invariant of PostgreSQL's provider (Npgsql) for Orleans' clustering and reminders.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Ledger, artifact store, the simulated executor and an Orleans silo (the builtin trainer is added by
    /// MixOpt.Silo's <c>AddMixOptTraining</c> where a process trains). <c>Cluster:Mode</c> chooses localhost clustering (the
    /// embedded one-process mode, the default) or ADO.NET clustering and reminders on the ledger's PostgreSQL.
    /// <paramref name="webHost"/>: this silo is the web/API host, which in a real cluster has no slots.
    /// Ports come from <c>Orleans:SiloPort</c> / <c>Orleans:GatewayPort</c> so several silos can share a machine;
    /// failure detection from <c>Orleans:Membership</c> (Orleans' ClusterMembershipOptions).
    /// <paramref name="countGpus"/> counts CUDA devices for <c>Worker:Gpus=auto</c>; only a process that loads libtorch has it.
    /// </summary>
    public static IHostApplicationBuilder AddMixOptBackend(this IHostApplicationBuilder builder, bool webHost = false, Func<int>? countGpus = null)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        services.AddValidatedSettings<ConnectionSettings, ConnectionSettingsValidator>(ConnectionSettings.Section);
        services.AddValidatedSettings<SchedulerOptions, SchedulerOptionsValidator>(SchedulerOptions.Section);
        services.AddValidatedSettings<ClusterSettings, ClusterSettingsValidator>(ClusterSettings.Section);
        services.AddValidatedSettings<WorkerSettings, WorkerSettingsValidator>(WorkerSettings.Section);
        services.AddValidatedSettings<OrleansSettings, OrleansSettingsValidator>(OrleansSettings.Section);
        services.AddValidatedSettings<ArtifactSettings, ArtifactSettingsValidator>(ArtifactSettings.Section);

        // The ledger's registration and Orleans' ADO.NET providers take the connection string as they are composed.
        var ledger = config.GetConnectionString(nameof(ConnectionSettings.Ledger)) ?? "";
        services.AddMixOptLedger(ledger);
        services.AddSingleton<IArtifactStore>(sp => BlobArtifactStore.FromConnectionString(
            sp.GetRequiredService<IOptions<ConnectionSettings>>().Value.Blobs ?? "", sp.GetRequiredService<IOptions<ArtifactSettings>>().Value.Container));
        services.AddSingleton<IRunExecutor, SimulatedExecutor>();
        services.AddSingleton<RunProcessor>();
        services.TryAddSingleton<StudySpecCache>();
        services.AddSingleton<StudySubmitter>();
        services.AddSingleton<RunCanceller>();
        services.AddValidatedSettings<MixOpt.Grains.Campaigns.CampaignOptions, MixOpt.Grains.Campaigns.CampaignOptionsValidator>(MixOpt.Grains.Campaigns.CampaignOptions.Section);
        services.AddSingleton<MixOpt.Grains.Campaigns.CampaignActionRunner>();
        services.AddSingleton(sp => new BlobContainers(sp.GetRequiredService<IOptions<ConnectionSettings>>().Value.Blobs));
        services.AddSingleton<MixOpt.Grains.Campaigns.CampaignCorpus>();

        // Three things are decided while the silo is composed, before any options exist, so they are read from
        // configuration here: which membership provider (Cluster:Mode), whether the dashboard's grains are added
        // (Cluster:Dashboard), and the silo metadata Orleans publishes (its capabilities). A value that does not
        // convert fails here with Microsoft's "Failed to convert configuration value at 'Cluster:Mode'" message.
        var mode = config.GetValue($"{ClusterSettings.Section}:{nameof(ClusterSettings.Mode)}", ClusterMode.Localhost);
        var dashboard = config.GetValue($"{ClusterSettings.Section}:{nameof(ClusterSettings.Dashboard)}", true);
        var capabilities = SiloCapabilitiesResolver.Resolve(config, mode, webHost, countGpus);
        services.AddSingleton(capabilities);
        builder.AddMixOptTelemetry(capabilities);

        builder.UseOrleans(silo =>
        {
            // Everything else comes from the validated settings when the silo starts.
            silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<OrleansSettings>>((o, orleans) =>
            {
                o.ClusterId = orleans.Value.ClusterId;
                o.ServiceId = "mixopt";
            });
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<OrleansSettings>, IOptions<ClusterSettings>>((o, orleans, cluster) =>
            {
                var (siloPort, gatewayPort) = (orleans.Value.SiloPort, orleans.Value.GatewayPort);
                o.SiloPort = siloPort;
                o.GatewayPort = gatewayPort;
                if (mode == ClusterMode.Localhost)
                {
                    o.AdvertisedIPAddress = IPAddress.Loopback;
                    return;
                }
                o.AdvertisedIPAddress = IPAddress.Parse(cluster.Value.AdvertisedIP);
                if (cluster.Value.ListenOnAnyHostAddress)
                {
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, siloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, gatewayPort);
                }
            });
            if (mode == ClusterMode.AdoNet)
            {
                silo.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = ledger; });
                silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = ledger; });
            }
            else
            {
                // One silo that is its own primary (what UseLocalhostClustering composes, with the port from settings).
                silo.UseDevelopmentClustering(o => o.Configure<IOptions<OrleansSettings>>((d, orleans) =>
                    d.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, orleans.Value.SiloPort)));
                // Durable reminders here too (issue 17): a restart of the one process keeps its campaigns' reminders.
                silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = ledger; });
            }
            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration($"{OrleansSettings.Section}:Membership");
            silo.UseSiloMetadata(capabilities.ToMetadata());
            silo.AddPlacementDirector<SlotPlacementStrategy, SlotPlacementDirector>();
            silo.AddPlacementDirector<CoordinatorPlacementStrategy, CoordinatorPlacementDirector>();
            if (dashboard) silo.AddDashboard();
            silo.AddActivityPropagation();      // grain calls continue the caller's trace (docs/TELEMETRY.md)
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
        });
        // Registered after the silo so it starts once grains can be called.
        services.AddHostedService<StudyResumer>();
        services.AddHostedService<MixOpt.Grains.Campaigns.CampaignResumer>();
        return builder;
    }

    /// <summary>
    /// Checks every validated setting, then applies ledger (and Orleans table) migrations and creates the artifact
    /// container; run before the host starts.
    /// </summary>
    public static async Task PrepareStorageAsync(this IServiceProvider services, IConfiguration config, CancellationToken ct = default)
    {
        services.ValidateSettings();
        await LedgerMigrator.MigrateAsync(config.GetConnectionString(nameof(ConnectionSettings.Ledger)) ?? "", ct);
        await services.GetRequiredService<IArtifactStore>().InitializeAsync(ct);
    }
}

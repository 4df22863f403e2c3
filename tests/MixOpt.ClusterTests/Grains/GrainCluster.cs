using Microsoft.Extensions.DependencyInjection;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Simulation;
using MixOpt.Grains.Cluster;
using MixOpt.Grains.Execution;
using MixOpt.Grains.Placement;
using MixOpt.Grains.Scheduling;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Schema;
using MixOpt.Ledger.Studies;
using MixOpt.Testing;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace MixOpt.ClusterTests.Grains;

/// <summary>
/// One in-process Orleans silo (Orleans' <see cref="InProcessTestCluster"/>) with the grains, ledger and artifact store
/// wired as the service wires them, on a fresh database of the test PostgreSQL and a container of the test Azurite.
/// Its silo offers <see cref="Slots"/> execution slots and sweeps leases every <see cref="SweepInterval"/>.
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    public const int Slots = 2;
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(200);

    private InProcessTestCluster _cluster = null!;

    public TestDatabase Database { get; private set; } = null!;

    public IGrainFactory Grains => _cluster.Client;

    public SiloAddress Silo => _cluster.Silos[0].SiloAddress;

    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    public RunLifecycle Lifecycle => Services.GetRequiredService<RunLifecycle>();

    public StudyLedger Ledger => Services.GetRequiredService<StudyLedger>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await LedgerMigrator.MigrateAsync(Database.ConnectionString);
        var container = "grains-" + Guid.NewGuid().ToString("N")[..12];
        var capabilities = new SiloCapabilities(SiloRoles.Embedded, Slots, 0, null);
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddMixOptLedger(Database.ConnectionString);
            host.Services.AddSingleton<IArtifactStore>(BlobArtifactStore.FromConnectionString(TestServices.Blobs, container));
            host.Services.AddSingleton<IRunExecutor, SimulatedExecutor>();
            host.Services.AddSingleton<RunProcessor>();
            host.Services.AddSingleton<StudySpecCache>();
            host.Services.AddSingleton<StudySubmitter>();
            host.Services.AddSingleton(capabilities);
            host.Services.Configure<SchedulerOptions>(o =>
            {
                o.SweepInterval = SweepInterval;
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
                o.LeaseDuration = TimeSpan.FromSeconds(10);
                o.MaxAttempts = 2;
            });
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.UseSiloMetadata(capabilities.ToMetadata());
            silo.AddPlacementDirector<SlotPlacementStrategy, SlotPlacementDirector>();
            silo.AddPlacementDirector<CoordinatorPlacementStrategy, CoordinatorPlacementDirector>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await Services.GetRequiredService<IArtifactStore>().InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}

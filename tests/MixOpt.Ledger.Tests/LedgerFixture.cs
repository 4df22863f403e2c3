using Microsoft.Extensions.DependencyInjection;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Core.Execution;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Schema;
using MixOpt.Testing;

namespace MixOpt.Ledger.Tests;

/// <summary>A migrated ledger in a fresh database of the test PostgreSQL, wired the way the service wires it.</summary>
public sealed class LedgerFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LedgerFixture(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        _services = services;
        Ledger = services.GetRequiredService<StudyLedger>();
        Lifecycle = services.GetRequiredService<RunLifecycle>();
    }

    /// <summary>A lease long enough that it never expires during a test unless the test says so.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public RunLifecycle Lifecycle { get; }

    /// <summary>Starts an attempt of a run as a worker slot does; its lease (null when the run cannot be leased).</summary>
    public async Task<RunLease?> AcquireAsync(Guid runId, string worker, TimeSpan leaseFor) =>
        (await Lifecycle.StartAttemptAsync(runId, worker, leaseFor))?.Lease;

    /// <summary>Reports a result as a worker slot does (its report hash is the outcome's).</summary>
    public async Task<ResultRecording> RecordAsync(Guid runId, Guid token, RunOutcome outcome, double objective) =>
        (await Lifecycle.RecordResultAsync(new ReportedResult(Guid.Empty, runId, token, objective, outcome, null, RunLifecycle.HashOf(outcome, objective)))).Recording;

    public TestDatabase Database { get; }

    public StudyLedger Ledger { get; }

    /// <summary>Any other ledger service, wired as the service wires it.</summary>
    public T Create<T>() where T : class => ActivatorUtilities.CreateInstance<T>(_services);

    public static async Task<LedgerFixture> CreateAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await LedgerMigrator.MigrateAsync(db.ConnectionString);
        var services = new ServiceCollection().AddMixOptLedger(db.ConnectionString).BuildServiceProvider();
        return new LedgerFixture(db, services);
    }

    public static StudySpec Spec(int runs = 4) => new()
    {
        Name = "ledger-test",
        Domains = [new DomainSpec { Name = "a" }, new DomainSpec { Name = "b" }],
        Budget = new BudgetSpec { Runs = runs },
        Seed = 5,
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

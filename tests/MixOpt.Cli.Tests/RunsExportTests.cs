using Microsoft.Extensions.DependencyInjection;
using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.RunTables;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Schema;
using MixOpt.Testing;

namespace MixOpt.Cli.Tests;

/// <summary><c>runs export</c> against a real ledger: a migrated throwaway database on the test PostgreSQL.</summary>
public sealed class RunsExportTests : IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly StudySpec Spec = new()
    {
        Name = "export-test",
        Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }, new DomainSpec { Name = "math" }],
        Fidelities = [new FidelitySpec { Name = "1M", Value = 1.0 / 60, Cost = 1.0 / 60 }, new FidelitySpec { Name = "60M", Value = 1, Cost = 1 }],
        Budget = new BudgetSpec { Runs = 10 },
        Seed = 3,
    };

    /// <summary>A study with three runs: two succeeded (one per rung) and one still queued, which the export leaves out.</summary>
    private static async Task<Guid> SeedStudyAsync(string connectionString)
    {
        await LedgerMigrator.MigrateAsync(connectionString);
        await using var services = new ServiceCollection().AddMixOptLedger(connectionString).BuildServiceProvider();
        var ledger = services.GetRequiredService<StudyLedger>();
        var leases = services.GetRequiredService<RunLifecycle>();
        var study = await ledger.CreateStudyAsync(Spec, null);
        var runs = await leases.QueueAsync(study.Id, 0,
        [
            new Proposal(Mixture.Create([0.5, 0.3, 0.2]), 1.0 / 60),
            new Proposal(Mixture.Create([0.1, 0.6, 0.3]), 1.0),
            new Proposal(Mixture.Create([0.2, 0.2, 0.6]), 1.0),
        ]);
        for (var i = 0; i < 2; i++)
        {
            var lease = (await leases.StartAttemptAsync(runs[i].Id, "w", TimeSpan.FromMinutes(5)))?.Lease;
            Assert.Equal(1, lease!.Attempt);
            var losses = new Dictionary<string, double> { ["loss:web"] = 3.0 + i, ["loss:code"] = 2.0 + i, ["loss:math"] = 4.0 + i };
            var outcome = new RunOutcome(losses, i == 0 ? 1.0 / 60 : 1.0, 1, [5, 4]);
            var report = new ReportedResult(study.Id, runs[i].Id, lease.Token, 3.5 + i, outcome, null, RunLifecycle.HashOf(outcome, 3.5 + i));
            Assert.Equal(ResultRecording.Recorded, (await leases.RecordResultAsync(report)).Recording);
        }
        return study.Id;
    }

    [Fact]
    public async Task Export_writes_a_studys_finished_runs_as_a_run_table_and_in_regmix_layout()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await SeedStudyAsync(db.ConnectionString);

        var csv = _files.Path("study.csv");
        var wm = CliProcess.Run("runs", "export", "--study", id.ToString(), "--connection", db.ConnectionString, "--layout", "wm", "--out", csv);
        Assert.True(wm.ExitCode == 0, wm.ToString());
        var table = RunTableParser.Parse(File.ReadAllText(csv), csv);
        Assert.Equal(["web", "code", "math"], table.Domains);
        Assert.Equal(2, table.Rows.Count);
        Assert.True(table.HasFidelity);
        Assert.Equal([1.0 / 60, 1.0], table.Rows.Select(r => r.Fidelity!.Value));
        Assert.Equal([1.0 / 60, 1.0], table.Rows.Select(r => r.Cost));
        Assert.Equal([0.1, 0.6, 0.3], table.Rows[1].Weights.Select(w => Math.Round(w, 12)));
        Assert.Equal([3.5, 4.5], table.Rows.Select(r => r.Metrics[table.MetricIndex("m:objective")]));
        Assert.Equal([2.0, 3.0], table.Rows.Select(r => r.Metrics[table.MetricIndex("m:code")]));

        var folder = _files.Path("regmix");
        var regmix = CliProcess.Run("runs", "export", "--study", id.ToString(), "--connection", db.ConnectionString, "--layout", "regmix", "--out", folder);
        Assert.True(regmix.ExitCode == 0, regmix.ToString());
        var (mixtures, metrics) = (Path.Combine(folder, "mixtures.csv"), Path.Combine(folder, "metrics.csv"));
        Assert.StartsWith("index,train_the_pile_web,train_the_pile_code,train_the_pile_math", File.ReadAllText(mixtures));
        Assert.Contains("metric/the_pile_math_val_loss", File.ReadAllText(metrics));
        var back = RegMixLayout.Read(File.ReadAllText(mixtures), mixtures, File.ReadAllText(metrics), metrics, null, 1);
        Assert.Equal(table.Rows.Select(r => r.Metrics[table.MetricIndex("web")]), back.Rows.Select(r => r.Metrics[back.MetricIndex("web")]));
    }

    [Fact]
    public async Task Export_of_an_unknown_study_or_from_an_unreachable_ledger_is_one_error_line()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LedgerMigrator.MigrateAsync(db.ConnectionString);
        var missing = Guid.NewGuid();
        var unknown = CliProcess.Run("runs", "export", "--study", missing.ToString(), "--connection", db.ConnectionString, "--out", _files.Path("x.csv"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal($"mixopt: study {missing} is not in the ledger.", unknown.StdErr.Trim());
        Assert.False(File.Exists(_files.Path("x.csv")));

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var unreachable = CliProcess.Run("runs", "export", "--study", missing.ToString(), "--connection", "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=3",
            "--out", _files.Path("y.csv"));
        Assert.Equal(1, unreachable.ExitCode);
        var line = Assert.Single(unreachable.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mixopt: cannot read the ledger:", line);
    }
}

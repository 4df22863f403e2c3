using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MixOpt.Cli.Commands;
using MixOpt.Core.RunTables;
using MixOpt.Core.Studies;
using MixOpt.Ledger;

namespace MixOpt.Cli.Export;

/// <summary>
/// A study's finished runs, read from the ledger, as a run table: one row per succeeded run in ledger order, its
/// mixture, its fidelity (when the study has a ladder), its recorded cost, and as metrics the study's objective
/// (<c>objective</c>) plus every metric the run reported. Per-domain losses <c>loss:&lt;domain&gt;</c> are named
/// <c>&lt;domain&gt;</c>, the convention of RegMix's files and of the published tables (<c>m:pile_cc</c>).
/// </summary>
public static class StudyRunTable
{
    public const string ObjectiveMetric = "objective";

    public static async Task<RunTable> ReadAsync(string connectionString, Guid studyId, CancellationToken ct)
    {
        // No retrying execution strategy here (the service's ledger has one): a wrong connection string should
        // fail in seconds with one line, not after a minute of retries.
        var options = new DbContextOptionsBuilder<LedgerDbContext>().UseNpgsql(connectionString).Options;
        await using var source = LedgerCommands.CreateDataSource(connectionString);
        var ledger = new StudyLedger(new PooledDbContextFactory<LedgerDbContext>(options), new LedgerCommands(source), TimeProvider.System);
        try
        {
            var study = await ledger.FindStudyAsync(studyId, ct) ?? throw new CliException($"study {studyId} is not in the ledger.");
            var spec = StudySpecJson.Deserialize(study.Spec);
            var runs = await ledger.RunsAsync(studyId, ct);
            var results = (await ledger.ResultsAsync(studyId, ct)).ToDictionary(r => r.RunId);
            var domains = spec.DomainNames;
            var hasLadder = spec.Fidelities is { Count: > 0 };
            var rows = runs
                .Where(r => r.State == RunState.Succeeded && results.ContainsKey(r.Id))
                .Select(r =>
                {
                    var result = results[r.Id];
                    var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { [ObjectiveMetric] = result.Objective };
                    foreach (var m in result.Metrics) metrics[MetricName(m.Name, domains)] = m.Value;
                    return new RunTableBuilder.Run(r.Mixture, hasLadder ? r.Fidelity : null, result.Cost, metrics);
                });
            return RunTableBuilder.FromRuns($"study {studyId}", domains, rows);
        }
        catch (Exception e) when (DatabaseCause(e) is { } cause)
        {
            throw new CliException($"cannot read the ledger: {cause.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The database error behind <paramref name="e"/> (EF Core wraps connection failures in its own exception), or null.</summary>
    private static Exception? DatabaseCause(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is DbException or TimeoutException or System.Net.Sockets.SocketException) return x;
        return null;
    }

    /// <summary><c>loss:&lt;domain&gt;</c> → <c>&lt;domain&gt;</c>; other metric names are kept.</summary>
    public static string MetricName(string recorded, IReadOnlyList<string> domains)
    {
        const string loss = "loss:";
        return recorded.StartsWith(loss, StringComparison.Ordinal) && domains.Contains(recorded[loss.Length..]) ? recorded[loss.Length..] : recorded;
    }
}

using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Leases;

/// <summary>
/// How a worker slot starts a run: one round trip leases it (as <see cref="RunLeaseLedger.AcquireAsync"/> does) and
/// returns what executing it needs from its row, so the slot reads nothing else per run.
/// </summary>
public sealed class WorkerLeaseLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    private readonly LedgerCommands _commands = new(contexts);

    /// <summary>A new attempt of a pending run for <paramref name="worker"/>; null when the run has finished (or is unknown).</summary>
    public Task<LeasedRun?> AcquireAsync(Guid runId, string worker, TimeSpan leaseFor, CancellationToken ct = default) =>
        _commands.ExecuteAsync(c => LeaseStatements.StartAttemptAsync(c, runId, worker, leaseFor, RunState.Running, clock.GetUtcNow(), ct), ct);
}

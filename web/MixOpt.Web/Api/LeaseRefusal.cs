using MixOpt.Core.Studies;
using MixOpt.Ledger.Leases;
using MixOpt.Ledger.Rows;

namespace MixOpt.Web.Api;

/// <summary>Says why a lease token was refused for a run: unknown, another run's, superseded, expired, or the run is over.</summary>
public static class LeaseRefusal
{
    public static async Task<string> ExplainAsync(RunLeaseLedger leases, RunRow run, Guid token, DateTimeOffset now, CancellationToken ct)
    {
        var lease = await leases.FindLeaseAsync(token, ct);
        if (lease is null) return $"Lease token {token} is not a lease of any run.";
        if (lease.RunId != run.Id) return $"Lease token {token} belongs to run {lease.RunId}, not to run {run.Id}; a lease is good for its own run only.";
        if (run.State == RunState.Succeeded) return $"Run {run.Id} already has its result, recorded by another attempt; this lease (attempt {lease.Attempt}) can no longer report.";
        if (run.State.IsFinished()) return $"Run {run.Id} is {run.State}; it takes no more results.";
        if (run.LeaseToken != token)
        {
            var attempt = (await leases.AttemptsAsync(run.Id, ct)).FirstOrDefault(a => a.LeaseToken == token);
            return $"Lease token {token} (attempt {lease.Attempt}) is no longer the run's lease: {attempt?.Outcome.ToString().ToLowerInvariant()} ({attempt?.Reason}).";
        }
        return $"The lease expired at {lease.ExpiresAt:O} (now {now:O}); lease the run again or heartbeat sooner.";
    }
}

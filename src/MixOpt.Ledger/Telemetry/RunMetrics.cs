using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MixOpt.Ledger.Runs;

namespace MixOpt.Ledger.Telemetry;

/// <summary>
/// The run lifecycle's instruments (meter <see cref="MeterName"/>): how many runs were queued, leased, succeeded,
/// failed, had their lease expire or revoked, or were cancelled, and how old a lease was when its attempt ended.
/// <see cref="RunLifecycle"/> is every transition's one place, so it calls these once per event and nothing else does.
/// Counted by the process that made the transition (the web host for ask/tell and sweeps, a worker for its slots).
/// </summary>
public sealed class RunMetrics
{
    public const string MeterName = "MixOpt.Runs";

    private readonly Counter<long> _queued;
    private readonly Counter<long> _leased;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _cancelled;
    private readonly Histogram<double> _leaseAge;

    // When each run's current lease was taken in this process (at most one live lease per run). A lease taken by another
    // process (a worker's, when the host's sweep expires it) has no entry and its age is not recorded here.
    private readonly ConcurrentDictionary<Guid, long> _leasedAt = new();

    public RunMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _queued = meter.CreateCounter<long>("mixopt.runs.queued", "{run}", "Runs queued by their study.");
        _leased = meter.CreateCounter<long>("mixopt.runs.leased", "{run}", "Attempts started: a worker slot or an external trainer took a lease (tag via: slot, external).");
        _succeeded = meter.CreateCounter<long>("mixopt.runs.succeeded", "{run}", "Runs whose result was recorded.");
        _failed = meter.CreateCounter<long>("mixopt.runs.failed", "{run}", "Runs that failed for good (every attempt used).");
        _expired = meter.CreateCounter<long>("mixopt.runs.expired", "{attempt}", "Attempts whose lease ran out (cause timeout) or was revoked because its silo died (cause silo-dead).");
        _cancelled = meter.CreateCounter<long>("mixopt.runs.cancelled", "{run}", "Runs cancelled before they finished.");
        _leaseAge = meter.CreateHistogram<double>("mixopt.runs.lease.age", "s", "Age of a lease when its attempt ended (tag outcome).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.05, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400, 86400] });
    }

    public void Queued(int runs)
    {
        if (runs > 0) _queued.Add(runs);
    }

    public void Leased(Guid runId, string via)
    {
        _leasedAt[runId] = Stopwatch.GetTimestamp();
        _leased.Add(1, new KeyValuePair<string, object?>("via", via));
    }

    public void Succeeded(Guid runId)
    {
        _succeeded.Add(1);
        LeaseEnded(runId, "succeeded");
    }

    public void AttemptFailed(Guid runId, AttemptEnd end)
    {
        if (end == AttemptEnd.Stale) return;
        if (end == AttemptEnd.RunFailed) _failed.Add(1);
        LeaseEnded(runId, "failed");
    }

    /// <summary>Attempts ended by the lease sweep (<paramref name="cause"/> timeout) or by a silo's death (silo-dead).</summary>
    public void Expired(IReadOnlyList<ExpiredLease> ended, string cause)
    {
        if (ended.Count == 0) return;
        _expired.Add(ended.Count, new KeyValuePair<string, object?>("cause", cause));
        foreach (var lease in ended)
        {
            if (lease.Run == AttemptEnd.RunFailed) _failed.Add(1);
            LeaseEnded(lease.RunId, "expired");
        }
    }

    public void Cancelled(Guid runId)
    {
        _cancelled.Add(1);
        LeaseEnded(runId, "cancelled");
    }

    private void LeaseEnded(Guid runId, string outcome)
    {
        if (_leasedAt.TryRemove(runId, out var since))
            _leaseAge.Record(Stopwatch.GetElapsedTime(since).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MixOpt.Grains.Scheduling;
using MixOpt.Ledger.Leases;

namespace MixOpt.Web.Api;

/// <summary>
/// Before handing out runs of a study, ends its attempts whose lease ran out (their runs go back to the queue), at
/// most once a second per study so a busy lease endpoint does not sweep on every call.
/// </summary>
public sealed class LeaseSweeps(RunLeaseLedger leases, IOptions<SchedulerOptions> options, StudyNudger nudger, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _last = new();

    public async Task SweepAsync(Guid studyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_last.TryGetValue(studyId, out var last) && now - last < Interval) return;
        _last[studyId] = now;
        foreach (var expired in await leases.ExpireLeasesAsync(options.Value.MaxAttempts, studyId, ct: ct))
            if (expired.Run == AttemptEnd.RunFailed) nudger.Nudge(studyId, expired.RunId);
    }
}

using MixOpt.Grains.Cluster;

namespace MixOpt.Grains.Scheduling;

/// <summary>
/// The scheduler's picture of the cluster's slots: which live silos offer how many, which slot executes which run,
/// and which silos refused work lately. Pure bookkeeping (no Orleans calls), so it is tested on its own.
/// </summary>
public sealed class SlotTable
{
    private readonly Dictionary<SiloAddress, SiloCapabilities> _silos = [];
    private readonly Dictionary<string, RunTicket> _busy = [];
    private readonly Dictionary<Guid, string> _workerOf = [];
    private readonly Dictionary<SiloAddress, DateTimeOffset> _suspendedUntil = [];
    private int _nextSilo;

    public IReadOnlyDictionary<SiloAddress, SiloCapabilities> Silos => _silos;

    public IReadOnlyDictionary<string, RunTicket> Busy => _busy;

    public int FreeSlots(DateTimeOffset now) => AvailableSilos(now).Sum(s => _silos[s].Slots - BusyOn(s));

    public bool IsExecuting(Guid runId) => _workerOf.ContainsKey(runId);

    public string? WorkerOf(Guid runId) => _workerOf.GetValueOrDefault(runId);

    /// <summary>
    /// Makes the table's silos exactly <paramref name="live"/> (those with slots). Returns the silos dropped, with the
    /// runs their slots were executing: those runs must be re-queued.
    /// </summary>
    public IReadOnlyList<(SiloAddress Silo, IReadOnlyList<RunTicket> Runs)> Sync(IReadOnlyDictionary<SiloAddress, SiloCapabilities> live)
    {
        foreach (var (silo, caps) in live)
            if (caps.Slots > 0) _silos[silo] = caps;
        var gone = _silos.Keys.Where(s => !live.TryGetValue(s, out var c) || c.Slots <= 0).ToList();
        return gone.Select(s => (s, Drop(s))).ToList();
    }

    /// <summary>Forgets a silo that is gone (dead, stopping), returning what its slots were executing.</summary>
    public IReadOnlyList<RunTicket> Drop(SiloAddress silo)
    {
        _silos.Remove(silo);
        _suspendedUntil.Remove(silo);
        var prefix = WorkerSlots.Prefix(silo);
        var runs = _busy.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var (worker, ticket) in runs)
        {
            _busy.Remove(worker);
            _workerOf.Remove(ticket.RunId);
        }
        return runs.Select(r => r.Value).ToList();
    }

    /// <summary>The silos that slots in <see cref="Busy"/> belong to but that the table does not know (adopted at rebuild).</summary>
    public IReadOnlyList<SiloAddress> UnknownBusySilos() =>
        _busy.Keys.Select(k => WorkerSlots.TryParse(k, out var s, out _) ? s : null).OfType<SiloAddress>()
            .Where(s => !_silos.ContainsKey(s)).Distinct().ToList();

    /// <summary>A free slot, taking silos in turn so work spreads over the cluster; null when every slot is busy.</summary>
    public string? NextFreeSlot(DateTimeOffset now)
    {
        var silos = AvailableSilos(now).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToList();
        for (var i = 0; i < silos.Count; i++)
        {
            var silo = silos[(_nextSilo + i) % silos.Count];
            for (var slot = 0; slot < _silos[silo].Slots; slot++)
            {
                var key = WorkerSlots.Key(silo, slot);
                if (_busy.ContainsKey(key)) continue;
                _nextSilo = (_nextSilo + i + 1) % silos.Count;
                return key;
            }
        }
        return null;
    }

    /// <summary>Records that <paramref name="worker"/> executes <paramref name="ticket"/> (dispatched, or found so in the ledger).</summary>
    public void Assign(string worker, RunTicket ticket)
    {
        _busy[worker] = ticket;
        _workerOf[ticket.RunId] = worker;
    }

    /// <summary>Frees the slot executing <paramref name="runId"/>; returns its ticket, or null if no slot had it.</summary>
    public RunTicket? Release(Guid runId)
    {
        if (!_workerOf.Remove(runId, out var worker)) return null;
        _busy.Remove(worker, out var ticket);
        return ticket;
    }

    /// <summary>Stops offering a silo's slots until <paramref name="until"/> (it refused a run: maybe dying, not yet declared dead).</summary>
    public void Suspend(SiloAddress silo, DateTimeOffset until) => _suspendedUntil[silo] = until;

    private IEnumerable<SiloAddress> AvailableSilos(DateTimeOffset now) =>
        _silos.Keys.Where(s => !_suspendedUntil.TryGetValue(s, out var until) || until <= now);

    private int BusyOn(SiloAddress silo)
    {
        var prefix = WorkerSlots.Prefix(silo);
        return _busy.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }
}

namespace MixOpt.Grains.Scheduling;

/// <summary>First in, first out, with removal by run or study, and a way back to the front for a run a worker refused.</summary>
public sealed class RunQueue
{
    private readonly LinkedList<RunTicket> _order = new();
    private readonly Dictionary<Guid, LinkedListNode<RunTicket>> _byRun = [];

    public int Count => _order.Count;

    public bool Contains(Guid runId) => _byRun.ContainsKey(runId);

    public bool Enqueue(RunTicket ticket) => Add(ticket, _order.AddLast);

    public bool PushFront(RunTicket ticket) => Add(ticket, _order.AddFirst);

    public RunTicket? Dequeue()
    {
        var first = _order.First;
        if (first is null) return null;
        _order.RemoveFirst();
        _byRun.Remove(first.Value.RunId);
        return first.Value;
    }

    public bool Remove(Guid runId)
    {
        if (!_byRun.Remove(runId, out var node)) return false;
        _order.Remove(node);
        return true;
    }

    public IReadOnlyList<RunTicket> RemoveStudy(Guid studyId)
    {
        var removed = _order.Where(t => t.StudyId == studyId).ToList();
        foreach (var t in removed) Remove(t.RunId);
        return removed;
    }

    private bool Add(RunTicket ticket, Func<RunTicket, LinkedListNode<RunTicket>> add)
    {
        if (_byRun.ContainsKey(ticket.RunId)) return false;
        _byRun[ticket.RunId] = add(ticket);
        return true;
    }
}

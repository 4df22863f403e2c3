namespace MixOpt.Web.Application;

/// <summary>
/// The latest plots' view loaded for each recently opened study, shared by every page (circuit) of the host. Why: a
/// 10,000-run study's view is a read of every finished run plus the progress and transfer series; a second researcher
/// opening the same page, or the same one reloading it, should start from it and read only what changed since
/// (<see cref="StudyCharts.LoadAsync"/>). The views are immutable, so pages share one copy instead of holding one each.
/// Bounded: the least recently used study is dropped beyond <see cref="MaxStudies"/>.
/// </summary>
public sealed class SharedChartViews
{
    public const int MaxStudies = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<StudyChartsView>> _byStudy = [];
    private readonly LinkedList<StudyChartsView> _recent = new();

    public StudyChartsView? Find(Guid studyId)
    {
        lock (_lock)
        {
            if (!_byStudy.TryGetValue(studyId, out var node)) return null;
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }
    }

    /// <summary>Keeps <paramref name="view"/> unless a view of more finished runs is already kept (a page that loaded late).</summary>
    public void Keep(StudyChartsView view)
    {
        lock (_lock)
        {
            if (_byStudy.TryGetValue(view.StudyId, out var node))
            {
                if (node.Value.Version.Finished > view.Version.Finished) return;
                _recent.Remove(node);
            }
            _byStudy[view.StudyId] = _recent.AddFirst(view);
            while (_byStudy.Count > MaxStudies && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _byStudy.Remove(oldest.Value.StudyId);
            }
        }
    }
}

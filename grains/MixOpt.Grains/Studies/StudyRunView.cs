using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

namespace MixOpt.Grains.Studies;

/// <summary>
/// A study grain's copy of its runs, brought up to date from the ledger before every decision. Finished runs never
/// change, so after the first full read only new runs and the ones still pending are read again: a big study
/// costs each proposal round O(new + pending) rows instead of O(all runs). Lost with the activation; rebuilt in full.
/// </summary>
public sealed class StudyRunView(StudyLedger ledger, Guid studyId)
{
    private readonly SortedDictionary<int, RunRow> _byOrdinal = [];
    private bool _loaded;

    public async Task<IReadOnlyList<RunRow>> RefreshAsync(CancellationToken ct = default)
    {
        if (!_loaded)
        {
            foreach (var run in await ledger.RunsAsync(studyId, ct)) _byOrdinal[run.Ordinal] = run;
            _loaded = true;
        }
        else
        {
            var last = _byOrdinal.Count == 0 ? -1 : _byOrdinal.Keys.Max();
            var pending = _byOrdinal.Values.Where(r => r.State.IsPending()).Select(r => r.Id).ToList();
            foreach (var run in await ledger.RunsChangedAsync(studyId, last, pending, ct)) _byOrdinal[run.Ordinal] = run;
        }
        return _byOrdinal.Values.ToList();
    }
}

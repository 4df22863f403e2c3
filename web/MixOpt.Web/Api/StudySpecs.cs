using System.Collections.Concurrent;
using MixOpt.Core.Studies;
using MixOpt.Ledger;

namespace MixOpt.Web.Api;

/// <summary>
/// Parsed study specs by study id, so the ask/tell endpoints do not read and deserialize a study's JSON spec on
/// every lease and report. Only what never changes after submission may be read from a cached spec: domains,
/// objective, executor and fidelity ladder. Budget and status change (PATCH budget, pause, cancel) and are always
/// read from the ledger. A deleted study is forgotten; its runs are gone, so a stale entry could not lease anyway.
/// </summary>
public sealed class StudySpecs(StudyLedger ledger)
{
    // Far more studies than any host serves at once; past it the cache starts over rather than grow without bound.
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<Guid, StudySpec> _specs = new();

    /// <summary>The study's spec, or null when there is no such study.</summary>
    public async ValueTask<StudySpec?> FindAsync(Guid studyId, CancellationToken ct)
    {
        if (_specs.TryGetValue(studyId, out var spec)) return spec;
        var study = await ledger.FindStudyAsync(studyId, ct);
        if (study is null) return null;
        spec = StudySpecJson.Deserialize(study.Spec);
        if (_specs.Count >= MaxEntries) _specs.Clear();
        _specs[studyId] = spec;
        return spec;
    }

    public void Forget(Guid studyId) => _specs.TryRemove(studyId, out _);
}

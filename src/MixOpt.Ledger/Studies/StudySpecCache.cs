using System.Collections.Concurrent;
using MixOpt.Core.Studies;
namespace MixOpt.Ledger.Studies;

/// <summary>
/// Parsed study specs by study id, so the ask/tell endpoints and the workers do not read and deserialize a study's
/// JSON spec for every lease, report or run. Only what never changes after submission may be read from a cached
/// spec: domains, objective, executor, simulator and fidelity ladder. Budget and status change (PATCH budget, pause,
/// cancel) and are always read from the ledger. A deleted study is forgotten; its runs are gone, so a stale entry
/// could not lease anyway.
/// </summary>
public sealed class StudySpecCache(StudyLedger ledger)
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

    /// <summary>The spec of a study that must exist (a run of it is being executed).</summary>
    public async ValueTask<StudySpec> GetAsync(Guid studyId, CancellationToken ct) =>
        await FindAsync(studyId, ct) ?? throw new InvalidOperationException($"Study {studyId} is not in the ledger.");

    public void Forget(Guid studyId) => _specs.TryRemove(studyId, out _);
}

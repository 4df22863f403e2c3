using System.Collections.Concurrent;
using MixOpt.Core.Studies;
using MixOpt.Ledger;

namespace MixOpt.Grains.Execution;

/// <summary>
/// The specs of the studies a worker executes runs of, read from the ledger once per study rather than once per run.
/// What execution uses (domains, objective, executor, simulator) is fixed when a study is created; only its budget
/// can change later, and a worker does not read that.
/// </summary>
public sealed class StudySpecCache(StudyLedger ledger)
{
    // A worker of a long-lived cluster sees many studies; past this many it starts over rather than grow without bound.
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, StudySpec> _specs = new();

    public async Task<StudySpec> GetAsync(Guid studyId, CancellationToken ct)
    {
        if (_specs.TryGetValue(studyId, out var spec)) return spec;
        var study = await ledger.FindStudyAsync(studyId, ct) ?? throw new InvalidOperationException($"Study {studyId} is not in the ledger.");
        spec = StudySpecJson.Deserialize(study.Spec);
        if (_specs.Count >= Capacity) _specs.Clear();
        _specs[studyId] = spec;
        return spec;
    }
}

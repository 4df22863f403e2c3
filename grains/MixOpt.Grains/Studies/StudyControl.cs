using Microsoft.Extensions.Logging;
using MixOpt.Artifacts;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Studies;

/// <summary>How a study's life is changed after submission (REST, dashboard): pause, resume, budget, deletion.</summary>
public sealed class StudyControl(
    StudyLedger ledger, StudyControlLedger control, StudySpecCache specs, IArtifactStore artifacts, IGrainFactory grains, ILogger<StudyControl> log)
{
    /// <summary>What became of a request to change a study.</summary>
    public enum Outcome { Done, NotFound, Conflict, Invalid }

    public async Task<Outcome> PauseAsync(Guid id, CancellationToken ct = default)
    {
        if (await control.PauseAsync(id, ct)) return Outcome.Done;
        return await ledger.FindStudyAsync(id, ct) is null ? Outcome.NotFound : Outcome.Conflict;
    }

    public async Task<Outcome> ResumeAsync(Guid id, CancellationToken ct = default)
    {
        if (!await control.ResumeAsync(id, ct))
            return await ledger.FindStudyAsync(id, ct) is null ? Outcome.NotFound : Outcome.Conflict;
        await grains.GetGrain<IStudyGrain>(id).Start();
        return Outcome.Done;
    }

    /// <summary>
    /// Replaces the budget of an unfinished study. Validation errors (keyed like a submission's) come back
    /// without anything written; a larger budget makes the study propose again at once.
    /// </summary>
    public async Task<(Outcome Outcome, IReadOnlyDictionary<string, string[]> Errors)> UpdateBudgetAsync(Guid id, BudgetSpec budget, CancellationToken ct = default)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return (Outcome.NotFound, Empty);
        if (study.Status.IsFinished()) return (Outcome.Conflict, Empty);
        var updated = StudySpecJson.Deserialize(study.Spec) with { Budget = budget };
        var errors = StudySubmitter.Validate(updated);
        if (errors.Count > 0) return (Outcome.Invalid, errors);
        var made = (await ledger.RunsAsync(id, ct)).Count(r => r.Worker != StudyControlLedger.WarmStartWorker || r.State.IsPending());
        if (budget.Runs > 0 && budget.Runs < made)
            return (Outcome.Invalid, new Dictionary<string, string[]> { ["budget.runs"] = [$"The study has already made {made} runs; the run budget cannot go below that."] });
        if (!await control.UpdateBudgetAsync(id, updated, ct)) return (Outcome.Conflict, Empty);
        await grains.GetGrain<IStudyGrain>(id).Start();
        return (Outcome.Done, Empty);
    }

    /// <summary>
    /// Cancels the study, deletes it from the ledger and deletes its artifacts; false when there was none. What is
    /// cached about it goes too: its parsed spec on this host, and its grain (proposer, recommendation) is deactivated.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        specs.Forget(id);
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return false;
        // Cancel first so no worker records into a study that is going away; a finished study has nothing in flight.
        if (!study.Status.IsFinished()) await grains.GetGrain<IStudyGrain>(id).Cancel();
        if (!await control.DeleteAsync(id, ct)) return false;
        specs.Forget(id); // a request between the first Forget and the delete may have cached it again
        var removed = await artifacts.DeletePrefixAsync(MixOpt.Artifacts.ArtifactPaths.Study(id), ct);
        log.LogInformation("Study {StudyId} deleted with {Artifacts} artifacts", id, removed);
        await grains.GetGrain<IStudyGrain>(id).Deactivate();
        return true;
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    /// <summary>The study row, for callers that answer with the study after a change.</summary>
    public Task<StudyRow?> FindAsync(Guid id, CancellationToken ct = default) => ledger.FindStudyAsync(id, ct);
}

using System.Security.Claims;
using MixOpt.Grains.Studies;
using MixOpt.Ledger.ApiKeys;
using MixOpt.Ledger.Studies;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Application;

/// <summary>What a steering action from the dashboard came to: done, or why not, in a sentence the page shows.</summary>
public sealed record SteeringResult(bool Done, string Message);

/// <summary>
/// Pause, resume, cancel, extend and delete from the dashboard: the same operations the REST endpoints call, and the
/// same scope rule (write or admin), checked here again for the signed-in user so a page that shows a button to the
/// wrong person still cannot change a study.
/// </summary>
public sealed class StudySteering(StudyControl control, StudySubmitter submitter, StudySpecCache specs, StudyQueries queries)
{
    public static bool CanSteer(ClaimsPrincipal user) => user.HasClaim(ApiKeyIdentity.ScopeClaim, ApiKeyScopes.Write);

    public Task<SteeringResult> PauseAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default) =>
        Guarded(user, async () => Say(await control.PauseAsync(id, ct), "Paused.", "Only a pending or running study can be paused."));

    public Task<SteeringResult> ResumeAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default) =>
        Guarded(user, async () => Say(await control.ResumeAsync(id, ct), "Resumed.", "Only a paused study can be resumed."));

    public Task<SteeringResult> CancelAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default) =>
        Guarded(user, async () => await queries.StatusAsync(id, ct) is null ? new SteeringResult(false, "No such study.")
            : await submitter.CancelAsync(id) ? new SteeringResult(true, "Cancelled.") : new SteeringResult(false, "The study has already finished."));

    /// <summary>Sets the run budget (the rest of the budget stays), validated as PATCH /budget validates it.</summary>
    public Task<SteeringResult> ExtendAsync(ClaimsPrincipal user, Guid id, int runs, CancellationToken ct = default) =>
        Guarded(user, async () =>
        {
            if (await queries.FindAsync(id, ct) is not { } study) return new SteeringResult(false, "No such study.");
            var (outcome, errors) = await control.UpdateBudgetAsync(id, study.Spec.Budget with { Runs = runs }, ct);
            return outcome == StudyControl.Outcome.Invalid
                ? new SteeringResult(false, string.Join(" ", errors.SelectMany(e => e.Value)))
                : Say(outcome, $"Run budget set to {runs}.", "The study has finished; its budget can no longer change.");
        });

    public Task<SteeringResult> DeleteAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default) =>
        Guarded(user, async () =>
        {
            specs.Forget(id);
            return await control.DeleteAsync(id, ct) ? new SteeringResult(true, "Deleted.") : new SteeringResult(false, "No such study.");
        });

    private static async Task<SteeringResult> Guarded(ClaimsPrincipal user, Func<Task<SteeringResult>> act) =>
        CanSteer(user) ? await act() : new SteeringResult(false, "Your key's scope does not allow changing studies (it needs write or admin).");

    private static SteeringResult Say(StudyControl.Outcome outcome, string done, string conflict) => outcome switch
    {
        StudyControl.Outcome.Done => new SteeringResult(true, done),
        StudyControl.Outcome.NotFound => new SteeringResult(false, "No such study."),
        _ => new SteeringResult(false, conflict),
    };
}

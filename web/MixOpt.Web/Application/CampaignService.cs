using MixOpt.Core.Campaigns;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Ledger;
using MixOpt.Ledger.Campaigns;

namespace MixOpt.Web.Application;

/// <summary>
/// What the REST API and the dashboard do with campaigns: validate (nothing is written on an error), write to the
/// ledger and wake the campaign's grain; read campaigns and their firings as views.
/// </summary>
public sealed class CampaignService(CampaignLedger ledger, StudyLedger studies, IGrainFactory grains)
{
    public enum Outcome { Done, NotFound, Conflict, Invalid }

    public const int NextFiringsShown = 5;

    /// <summary>The spec's own checks, then what needs the ledger: an extended study must exist and be unfinished.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(CampaignSpec? spec, CancellationToken ct = default)
    {
        var errors = CampaignSpecValidator.Validate(spec);
        if (errors.Count > 0 || spec!.Action.Kind != CampaignActions.Extend) return errors;
        var study = await studies.FindStudyAsync(spec.Action.StudyId!.Value, ct);
        if (study is null) return One("action.studyId", $"There is no study {spec.Action.StudyId} to extend.");
        if (study.Status.IsFinished()) return One("action.studyId", $"Study {study.Id} has finished ({study.Status}); extend needs a current, unfinished study.");
        return errors;
    }

    public async Task<(CampaignView? Campaign, IReadOnlyDictionary<string, string[]> Errors)> CreateAsync(CampaignSpec? spec, CancellationToken ct = default)
    {
        var errors = await ValidateAsync(spec, ct);
        if (errors.Count > 0) return (null, errors);
        var row = await ledger.CreateAsync(spec!, ct);
        await grains.GetGrain<ICampaignGrain>(row.Id).Wake();
        return (await FindAsync(row.Id, ct), errors);
    }

    public async Task<(IReadOnlyList<CampaignView> Page, int Total)> ListAsync(int skip, int take, CancellationToken ct = default)
    {
        var (page, total) = await ledger.ListAsync(skip, take, ct);
        var views = new List<CampaignView>(page.Count);
        foreach (var row in page) views.Add(await ViewAsync(row, ct));
        return (views, total);
    }

    public async Task<CampaignView?> FindAsync(Guid id, CancellationToken ct = default) =>
        await ledger.FindAsync(id, ct) is { } row ? await ViewAsync(row, ct) : null;

    public async Task<(Outcome Outcome, CampaignView? Campaign, IReadOnlyDictionary<string, string[]> Errors)> UpdateAsync(Guid id, CampaignPatch patch, CancellationToken ct = default)
    {
        var row = await ledger.FindAsync(id, ct);
        if (row is null) return (Outcome.NotFound, null, Empty);
        var spec = row.Spec with
        {
            Name = patch.Name ?? row.Spec.Name,
            Schedule = patch.Schedule ?? row.Spec.Schedule,
            Action = patch.Action ?? row.Spec.Action,
            Policies = patch.Policies ?? row.Spec.Policies,
            Template = patch.Template ?? row.Spec.Template,
        };
        var errors = await ValidateAsync(spec, ct);
        if (errors.Count > 0) return (Outcome.Invalid, null, errors);
        if (!await ledger.UpdateSpecAsync(id, spec, ct)) return (Outcome.NotFound, null, Empty);
        await grains.GetGrain<ICampaignGrain>(id).Wake();
        return (Outcome.Done, await FindAsync(id, ct), Empty);
    }

    /// <summary>Deletes the campaign and its history; the studies it made stay. False when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        if (!await ledger.DeleteAsync(id, ct)) return false;
        await grains.GetGrain<ICampaignGrain>(id).Forget();
        return true;
    }

    public async Task<(Outcome Outcome, CampaignView? Campaign)> PauseAsync(Guid id, CancellationToken ct = default)
    {
        if (!await ledger.PauseAsync(id, "paused by request", ct)) return (await ledger.FindAsync(id, ct) is null ? Outcome.NotFound : Outcome.Conflict, null);
        await grains.GetGrain<ICampaignGrain>(id).Wake();
        return (Outcome.Done, await FindAsync(id, ct));
    }

    public async Task<(Outcome Outcome, CampaignView? Campaign)> ResumeAsync(Guid id, CancellationToken ct = default)
    {
        if (!await ledger.ResumeAsync(id, ct)) return (await ledger.FindAsync(id, ct) is null ? Outcome.NotFound : Outcome.Conflict, null);
        await grains.GetGrain<ICampaignGrain>(id).Wake();
        return (Outcome.Done, await FindAsync(id, ct));
    }

    /// <summary>Fires the campaign now (a paused one too: a person asked); the firing, or null when there is no such campaign.</summary>
    public async Task<CampaignFiringView?> TriggerAsync(Guid id, CancellationToken ct = default)
    {
        var row = await ledger.FindAsync(id, ct);
        if (row is null || await grains.GetGrain<ICampaignGrain>(id).Trigger() is not { } firingId) return null;
        var firing = (await ledger.FiringsAsync(id, 0, 100, ct)).FirstOrDefault(f => f.Id == firingId);
        return firing is null ? null : View(row.Spec, firing);
    }

    public async Task<(IReadOnlyList<CampaignFiringView>? Page, int Total)> FiringsAsync(Guid id, int skip, int take, CancellationToken ct = default)
    {
        var row = await ledger.FindAsync(id, ct);
        if (row is null) return (null, 0);
        var firings = await ledger.FiringsAsync(id, skip, take, ct);
        return (firings.Select(f => View(row.Spec, f)).ToList(), await ledger.CountFiringsAsync(id, ct));
    }

    private async Task<CampaignView> ViewAsync(CampaignRow row, CancellationToken ct)
    {
        var spec = row.Spec;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(spec.Schedule.TimeZone);
        var next = row.State == CampaignState.Active
            ? CampaignSchedule.From(spec.Schedule).Upcoming(DateTimeOffset.UtcNow, NextFiringsShown).Select(t => new NextFiringView(t, Local(t, zone))).ToList()
            : [];
        var firings = await ledger.FiringsAsync(row.Id, 0, 1000, ct);
        var minimize = spec.Template?.Objective.Minimize ?? true;
        var values = firings.Where(f => f.BestValue is not null).Select(f => f.BestValue!.Value).ToList();
        double? best = values.Count == 0 ? null : minimize ? values.Min() : values.Max();
        return new CampaignView(row.Id, row.Name, row.State.ToString(), row.PauseReason, row.ConsecutiveFailures, spec.Action.Kind, spec.Schedule.Cron,
            spec.Schedule.TimeZone, next, await ledger.CountFiringsAsync(row.Id, ct), best, firings.FirstOrDefault(f => f.StudyId is not null)?.StudyId,
            row.CreatedAt, row.UpdatedAt, spec);
    }

    public static CampaignFiringView View(CampaignSpec spec, CampaignFiringRow f) =>
        new(f.Id, f.Instant, Local(f.Instant, TimeZoneInfo.FindSystemTimeZoneById(spec.Schedule.TimeZone)), f.Trigger.ToString(), f.State.ToString(),
            f.StudyId, f.Outcome, f.BestValue, f.CostSpent, f.FullCost, f.Mixture, f.CreatedAt, f.UpdatedAt);

    private static string Local(DateTimeOffset t, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    private static Dictionary<string, string[]> One(string key, string message) => new() { [key] = [message] };
}

using MixOpt.Core.Campaigns;
using MixOpt.Core.Corpora;
using Cronos;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Core.Text;

namespace MixOpt.Ledger.Campaigns;

/// <summary>
/// Checks a campaign spec without touching the ledger; errors are keyed by the field's JSON path (<c>schedule.cron</c>,
/// <c>template.budget.runs</c>), as the study validator keys its own. Whether an extended study exists is checked by
/// the caller, which has the ledger.
/// </summary>
public static class CampaignSpecValidator
{
    public const int MaxFirings = 1_000_000;
    public const int MaxCatchUpSeconds = 7 * 24 * 3600;
    public const int MaxFailures = 1000;
    public const int MaxExtendRuns = StudySpecValidator.MaxRuns;

    public static IReadOnlyDictionary<string, string[]> Validate(CampaignSpec? spec)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }
        if (spec is null)
        {
            Add("$", "A campaign body is required.");
            return Freeze(errors);
        }
        if (TextRules.NameProblem(spec.Name, StudySpecValidator.MaxNameLength) is { } nameProblem) Add("name", $"Name {nameProblem}.");

        if (spec.Schedule is not { } schedule) Add("schedule", "A schedule is required: {cron, timeZone, start, end, maxFirings}.");
        else
        {
            if (string.IsNullOrWhiteSpace(schedule.Cron)) Add("schedule.cron", "A cron expression is required (5 fields, or 6 with seconds first).");
            else if (schedule.Cron.Length > 200 || TextRules.FreeTextProblem(schedule.Cron) is not null) Add("schedule.cron", "The cron expression must be at most 200 printable characters.");
            else
            {
                try { CampaignSchedule.ParseCron(schedule.Cron); }
                catch (CronFormatException e) { Add("schedule.cron", $"Invalid cron expression '{schedule.Cron}': {e.Message}"); }
            }
            if (string.IsNullOrWhiteSpace(schedule.TimeZone) || schedule.TimeZone.Length > 100 || TextRules.FreeTextProblem(schedule.TimeZone) is not null)
                Add("schedule.timeZone", "The time zone must be an IANA name such as 'Europe/Berlin' or 'UTC'.");
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone, out _))
                Add("schedule.timeZone", $"Unknown time zone '{schedule.TimeZone}'; give an IANA name such as 'Europe/Berlin' or 'UTC'.");
            if (schedule is { Start: { } start, End: { } end } && end <= start)
                Add("schedule.end", $"The end ({end:O}) must be after the start ({start:O}).");
            if (schedule.MaxFirings is < 1 or > MaxFirings)
                Add("schedule.maxFirings", $"maxFirings must be between 1 and {MaxFirings} when given, got {schedule.MaxFirings}.");
        }

        var policies = spec.Policies;
        if (policies is null) Add("policies", "Policies must be an object; leave it out for the defaults.");
        else
        {
            if (!OverlapPolicies.All.Contains(policies.Overlap))
                Add("policies.overlap", $"Unknown overlap policy '{TextRules.Printable(policies.Overlap ?? "")}'. Known: {string.Join(", ", OverlapPolicies.All)}.");
            if (policies.CatchUpSeconds is < 0 or > MaxCatchUpSeconds)
                Add("policies.catchUpSeconds", $"catchUpSeconds must be between 0 and {MaxCatchUpSeconds}, got {policies.CatchUpSeconds}.");
            if (policies.PauseAfterFailures is < 0 or > MaxFailures)
                Add("policies.pauseAfterFailures", $"pauseAfterFailures must be between 0 (never) and {MaxFailures}, got {policies.PauseAfterFailures}.");
        }

        var action = spec.Action;
        if (action is null) { Add("action", "An action is required: {kind: newStudy | extend | remix, ...}."); return Freeze(errors); }
        if (!CampaignActions.All.Contains(action.Kind))
        {
            Add("action.kind", $"Unknown action '{TextRules.Printable(action.Kind ?? "")}'. Known: {string.Join(", ", CampaignActions.All)}.");
            return Freeze(errors);
        }
        if (action.Kind == CampaignActions.Extend)
        {
            if (action.StudyId is not { } id || id == Guid.Empty) Add("action.studyId", "extend needs the study to extend (action.studyId); a campaign without a current study cannot extend one.");
            if (action.Runs is null && action.Cost is null) Add("action.runs", "extend adds runs and/or cost per firing: give action.runs, action.cost or both.");
            if (action.Runs is < 1 or > MaxExtendRuns) Add("action.runs", $"action.runs must be between 1 and {MaxExtendRuns}, got {action.Runs}.");
            if (action.Cost is { } cost && (!double.IsFinite(cost) || cost <= 0)) Add("action.cost", $"action.cost must be a finite number > 0, got {cost}.");
            if (spec.Template is not null) Add("template", "extend changes an existing study; leave the template out.");
        }
        else
        {
            if (action.StudyId is not null) Add("action.studyId", $"Only extend names a study; {action.Kind} creates its own.");
            if (action.Runs is not null || action.Cost is not null) Add("action.runs", $"runs and cost belong to extend; {action.Kind} takes its budget from the template.");
            if (spec.Template is null) Add("template", $"{action.Kind} creates a study from the template: give a study spec (the body of POST /api/studies).");
            else
                foreach (var (key, messages) in StudySpecValidator.Validate(spec.Template, InRunStrategies.StudyNames, InRunStrategies.OptionsOf))
                    foreach (var m in messages) Add(key == "$" ? "template" : "template." + key, m);
        }
        if (action.Kind == CampaignActions.Remix)
        {
            if (string.IsNullOrWhiteSpace(action.Shards))
                Add("action.shards", "remix reads the corpus manifests where 'mixopt corpus prepare --out' wrote them: give action.shards (an absolute folder, blob:NAME or blob://CONTAINER/PREFIX).");
            else if (!ShardLocation.TryParse(action.Shards, out var location, out var problem)) Add("action.shards", problem);
            else if (location.Kind == ShardLocationKind.Folder && !Path.IsPathFullyQualified(location.Name))
                Add("action.shards", $"action.shards must be an absolute path, blob:NAME or blob://CONTAINER/PREFIX, got '{action.Shards}'.");
            if (action.Threshold is { } threshold && (!double.IsFinite(threshold) || threshold is < 0 or >= 1))
                Add("action.threshold", $"action.threshold (the share of tokens a domain must change by) must be in [0, 1), got {action.Threshold}.");
            if (spec.Template?.Executor == ExecutorNames.Builtin)
                Add("template.executor", "remix searches the changed domains plus one frozen block, which the builtin trainer cannot load; use the simulated or external executor.");
        }
        else if (action.Threshold is not null || action.Shards is not null) Add("action.shards", "shards and threshold belong to remix.");
        return Freeze(errors);
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

using MixOpt.Core.Campaigns;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Campaigns;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Campaigns;

/// <summary>
/// Carries out a firing's action and follows its study to the end. Every step is safe to repeat: the study id is the
/// firing's (chosen when the instant was claimed), warm-start runs are recorded only into a study that has none, and
/// extend sets the budget the firing planned rather than adding to it again.
/// </summary>
public sealed class CampaignActionRunner(
    CampaignLedger campaigns, StudyLedger studies, StudyControlLedger control, StudySubmitter submitter, IGrainFactory grains, CampaignCorpus corpus)
{
    /// <summary>Starts the firing's action; what the firing becomes (Running while a study runs).</summary>
    public async Task<FiringUpdate> StartAsync(CampaignRow campaign, CampaignFiringRow firing, CancellationToken ct = default)
    {
        try
        {
            return campaign.Spec.Action.Kind switch
            {
                CampaignActions.Extend => await ExtendAsync(campaign, firing, ct),
                CampaignActions.Remix => await RemixAsync(campaign, firing, ct),
                _ => await NewStudyAsync(campaign, firing, ct),
            };
        }
        catch (StudyValidationException e)
        {
            return new FiringUpdate(FiringState.Failed, "The study is invalid: " + string.Join("; ", e.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}")));
        }
        catch (InvalidOperationException e)
        {
            return new FiringUpdate(FiringState.Failed, e.Message);
        }
    }

    /// <summary>The end of a running firing once its study has finished; null while it runs.</summary>
    public async Task<FiringUpdate?> CheckAsync(CampaignFiringRow firing, CancellationToken ct = default)
    {
        if (firing.StudyId is not { } id) return new FiringUpdate(FiringState.Failed, "The firing has no study.");
        var study = await studies.FindStudyAsync(id, ct);
        if (study is null) return new FiringUpdate(FiringState.Failed, $"Study {id} was deleted before it finished.");
        if (!study.Status.IsFinished()) return null;
        var runs = await studies.RunsAsync(id, ct);
        var spent = runs.Where(r => r.Worker != StudyControlLedger.WarmStartWorker && !r.State.IsPending()).Sum(r => r.Cost ?? 0);
        var spec = StudySpecJson.Deserialize(study.Spec);
        IReadOnlyDictionary<string, double>? mixture = null;
        if (study.BestMixture is { Length: > 0 } best)
        {
            var plan = FiringPlan.FromJson(firing.Plan);
            mixture = plan?.Domains is { } all && plan.Searched is { } searched
                ? Named(all, Reuse(plan).Expand(Mixture.Normalize(best)).Weights)
                : Named(spec.DomainNames, best);
        }
        var state = study.Status switch
        {
            StudyStatus.Completed => FiringState.Succeeded,
            StudyStatus.Cancelled => FiringState.Cancelled,
            _ => FiringState.Failed,
        };
        var outcome = state switch
        {
            FiringState.Succeeded => $"Study {id} completed: best {study.BestValue?.ToString("G6") ?? "none"} for {spent:G6} cost units.",
            FiringState.Cancelled => $"Study {id} was cancelled.",
            _ => $"Study {id} failed: {study.Error}",
        };
        return new FiringUpdate(state, outcome, BestValue: study.BestValue, CostSpent: spent, Mixture: mixture);
    }

    private async Task<FiringUpdate> NewStudyAsync(CampaignRow campaign, CampaignFiringRow firing, CancellationToken ct)
    {
        var spec = Named(campaign, firing, campaign.Spec.Template!);
        var warm = 0;
        await submitter.SubmitOnceAsync(firing.StudyId!.Value, spec, async study =>
        {
            var existing = await studies.RunsAsync(study.Id, ct);
            if (existing.Any(r => r.Worker == StudyControlLedger.WarmStartWorker)) { warm = existing.Count(r => r.Worker == StudyControlLedger.WarmStartWorker); return; }
            var observed = await EarlierRunsAsync(campaign, firing, StudySpecJson.Deserialize(study.Spec), ct);
            if (observed.Count > 0 && await control.RecordObservedAsync(study.Id, observed, ct) is { } rows) warm = rows.Count;
        }, ct);
        return new FiringUpdate(FiringState.Running, $"Study {firing.StudyId} started, warm-started with {warm} earlier runs.", StudyId: firing.StudyId);
    }

    /// <summary>
    /// The finished runs of the campaign's earlier studies (their own runs, not the warm-start copies, so nothing is
    /// counted twice) that fit <paramref name="spec"/>: the same domains and objective, and a rung of its ladder.
    /// </summary>
    private async Task<IReadOnlyList<ObservedRun>> EarlierRunsAsync(CampaignRow campaign, CampaignFiringRow firing, StudySpec spec, CancellationToken ct)
    {
        var rungs = (spec.Fidelities is { Count: > 0 } f ? f : FidelitySpec.SingleTarget).Select(r => r.Value).ToHashSet();
        var domains = spec.DomainNames;
        var observed = new List<ObservedRun>();
        var earlier = (await campaigns.FiringsAsync(campaign.Id, ct: ct))
            .Where(x => x.Id != firing.Id && x.StudyId is not null && x.StudyId != firing.StudyId && x.Instant < firing.Instant)
            .OrderBy(x => x.Instant);
        foreach (var e in earlier)
        {
            var study = await studies.FindStudyAsync(e.StudyId!.Value, ct);
            if (study is null) continue;
            var theirs = StudySpecJson.Deserialize(study.Spec);
            if (!domains.ToHashSet().SetEquals(theirs.DomainNames) || !SameObjective(spec.Objective, theirs.Objective)) continue;
            var results = (await studies.ResultsAsync(study.Id, ct)).ToDictionary(r => r.RunId);
            foreach (var run in await studies.RunsAsync(study.Id, ct))
            {
                if (run.State != RunState.Succeeded || run.Worker == StudyControlLedger.WarmStartWorker || run.Objective is not { } objective) continue;
                if (!rungs.Contains(run.Fidelity) || !results.TryGetValue(run.Id, out var result)) continue;
                var byName = theirs.DomainNames.Select((d, i) => (d, w: run.Mixture[i])).ToDictionary(p => p.d, p => p.w);
                observed.Add(new ObservedRun(domains.Select(d => byName[d]).ToArray(), run.Fidelity, run.Cost ?? result.Cost, result.Seconds, objective,
                    result.Metrics.ToDictionary(m => m.Name, m => m.Value)));
            }
        }
        return observed;
    }

    private static bool SameObjective(ObjectiveSpec a, ObjectiveSpec b) =>
        a.Metric == b.Metric && a.Minimize == b.Minimize
        && (a.Weights ?? new Dictionary<string, double>()).OrderBy(p => p.Key).SequenceEqual((b.Weights ?? new Dictionary<string, double>()).OrderBy(p => p.Key));

    private async Task<FiringUpdate> ExtendAsync(CampaignRow campaign, CampaignFiringRow firing, CancellationToken ct)
    {
        var action = campaign.Spec.Action;
        var id = action.StudyId!.Value;
        var study = await studies.FindStudyAsync(id, ct) ?? throw new InvalidOperationException($"Study {id} to extend does not exist.");
        if (study.Status.IsFinished()) throw new InvalidOperationException($"Study {id} has finished ({study.Status}); there is no current study to extend.");
        var spec = StudySpecJson.Deserialize(study.Spec);
        var plan = FiringPlan.FromJson(firing.Plan);
        if (plan?.RunsTo is null && plan?.CostTo is null)
        {
            // Decided once and written down before the budget changes, so a resumed firing sets the same budget.
            plan = new FiringPlan
            {
                RunsTo = action.Runs is { } runs ? spec.Budget.Runs + runs : null,
                CostTo = action.Cost is { } cost ? (spec.Budget.Cost ?? 0) + cost : null,
            };
            await campaigns.UpdateFiringAsync(firing.Id, [FiringState.Pending], new FiringUpdate(FiringState.Pending, Plan: plan.ToJson(), StudyId: id), ct);
        }
        var budget = spec.Budget with { Runs = plan.RunsTo ?? spec.Budget.Runs, Cost = plan.CostTo ?? spec.Budget.Cost };
        var updated = spec with { Budget = budget };
        var errors = StudySubmitter.Validate(updated);
        if (errors.Count > 0) throw new StudyValidationException(errors);
        if (!await control.UpdateBudgetAsync(id, updated, ct)) throw new InvalidOperationException($"Study {id} finished before it could be extended.");
        await grains.GetGrain<IStudyGrain>(id).Start();
        return new FiringUpdate(FiringState.Succeeded, $"Study {id} extended to {budget.Runs} runs{(budget.Cost is { } c ? $" and {c:G6} cost units" : "")}.",
            StudyId: id, Plan: plan.ToJson());
    }

    private async Task<FiringUpdate> RemixAsync(CampaignRow campaign, CampaignFiringRow firing, CancellationToken ct)
    {
        var template = campaign.Spec.Template!;
        var action = campaign.Spec.Action;
        var plan = FiringPlan.FromJson(firing.Plan);
        if (plan?.Tokens is null)
        {
            var tokens = await corpus.ReadAsync(action.Shards!, ct);
            var previous = (await campaigns.FiringsAsync(campaign.Id, ct: ct))
                .Where(f => f.Instant < firing.Instant && f.State is FiringState.Succeeded or FiringState.Unchanged && f.Plan is not null)
                .MaxBy(f => f.Instant);
            var before = FiringPlan.FromJson(previous?.Plan);
            var domains = tokens.Keys.ToList();
            var fullRuns = template.RunCap;
            if (before?.Tokens is null || previous?.Mixture is null)
                plan = new FiringPlan { Tokens = tokens, Domains = domains, Searched = domains, Block = new Dictionary<string, double>(), FullRuns = fullRuns, Runs = fullRuns };
            else
            {
                var diff = CorpusDiff.Compute(before.Tokens, tokens, action.ThresholdOrDefault);
                if (!diff.Any)
                {
                    var unchanged = new FiringPlan { Tokens = tokens, Domains = domains, Searched = [], Block = new Dictionary<string, double>(), FullRuns = fullRuns, Runs = 0 };
                    return new FiringUpdate(FiringState.Unchanged, $"The corpus has not changed since the firing of {previous.Instant:O}; nothing ran.",
                        CostSpent: 0, FullCost: FullCost(template), Plan: unchanged.ToJson(), Mixture: previous.Mixture);
                }
                var reuse = MixtureReuse.Plan(domains, diff, previous.Mixture);
                plan = new FiringPlan
                {
                    Tokens = tokens, Domains = domains, Searched = reuse.Searched, Block = reuse.BlockRatios, BlockName = reuse.BlockName, Removed = diff.Removed,
                    FullRuns = fullRuns, Runs = MixtureReuse.ReducedRuns(fullRuns, reuse.SearchDomains.Count, domains.Count),
                };
            }
            await campaigns.UpdateFiringAsync(firing.Id, [FiringState.Pending], new FiringUpdate(FiringState.Pending, Plan: plan.ToJson()), ct);
        }
        var search = Reuse(plan);
        if (search.SearchDomains.Count < 2)
        {
            // Only removals: nothing to search; the survivors keep their ratios.
            var mixture = Named(plan.Domains!, search.Expand(Mixture.Create([1.0])).Weights);
            return new FiringUpdate(FiringState.Succeeded, "Only domains were removed; the others keep their ratios and nothing ran.", CostSpent: 0, FullCost: FullCost(template), Mixture: mixture);
        }
        var spec = Named(campaign, firing, template) with
        {
            Domains = search.SearchDomains.Select(d => new DomainSpec
            {
                Name = d,
                Tokens = d == search.BlockName ? search.BlockRatios.Keys.Sum(b => plan.Tokens![b]) : plan.Tokens![d],
            }).ToList(),
            // Per-domain constraints and a per-domain objective name domains the reduced search may not have.
            Constraints = null,
            // An oracle given parameter by parameter has the full corpus' shape; the reduced search draws its own.
            Simulator = template.Simulator is { } sim ? sim with { C = null, K = null, T = null } : null,
            Objective = template.Objective.Weights is null && template.Objective.Metric == ObjectiveSpec.MeanLoss ? template.Objective : new ObjectiveSpec { Direction = template.Objective.Direction },
            Budget = template.Budget with { Runs = plan.Runs!.Value, Cost = template.Budget.Cost is { } c ? c * plan.Runs.Value / Math.Max(1, plan.FullRuns ?? 1) : null },
        };
        await submitter.SubmitOnceAsync(firing.StudyId!.Value, spec, ct: ct);
        var what = plan.Block is { Count: > 0 }
            ? $"searching {string.Join(", ", plan.Searched!)} plus {plan.Block.Count} unchanged domains frozen as '{search.BlockName}'"
            : "a full search (the campaign's first corpus snapshot)";
        return new FiringUpdate(FiringState.Running, $"Re-mix study {firing.StudyId}: {what}, {plan.Runs} runs of {plan.FullRuns}.",
            StudyId: firing.StudyId, FullCost: FullCost(template));
    }

    private static MixtureReuse Reuse(FiringPlan plan) =>
        new(plan.Domains!, plan.Searched!, plan.Block ?? new Dictionary<string, double>(), plan.BlockName ?? MixtureReuse.DefaultBlockName);

    /// <summary>What a full recomputation spends: the template's cost budget, else its runs at the target rung's cost.</summary>
    private static double FullCost(StudySpec template) => template.Budget.Cost ?? template.RunCap * template.TargetFidelity.Cost;

    private static StudySpec Named(CampaignRow campaign, CampaignFiringRow firing, StudySpec template)
    {
        var local = TimeZoneInfo.ConvertTime(firing.Instant, TimeZoneInfo.FindSystemTimeZoneById(campaign.Spec.Schedule.TimeZone));
        var suffix = $" @ {local:yyyy-MM-dd HH:mm:ss zzz}";
        var name = campaign.Name.Length + suffix.Length > StudySpecValidator.MaxNameLength ? campaign.Name[..(StudySpecValidator.MaxNameLength - suffix.Length)] : campaign.Name;
        return template with { Name = name + suffix };
    }

    private static Dictionary<string, double> Named(IReadOnlyList<string> domains, IReadOnlyList<double> weights) =>
        domains.Select((d, i) => (d, w: weights[i])).ToDictionary(p => p.d, p => p.w);
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using MixOpt.Artifacts;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using Microsoft.Extensions.Options;
using MixOpt.Grains.Placement;
using MixOpt.Grains.Scheduling;
using MixOpt.Ledger;
using MixOpt.Ledger.Leases;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Studies;

/// <summary>
/// Drives a study from the ledger. It keeps nothing that matters in memory: every decision starts by bringing its
/// view of the study's runs up to date from the ledger (<see cref="StudyRunView"/>), so a deactivated grain or a
/// restarted host resumes exactly where the ledger says.
/// </summary>
[CoordinatorPlacement] // on the web host when there is one: fitting surrogates must not compete with training
public sealed class StudyGrain(
    StudyLedger ledger, StudyProgressLedger progress, RunLeaseLedger leases, IArtifactStore artifacts, IOptions<SchedulerOptions> options, ILogger<StudyGrain> log)
    : Grain, IStudyGrain
{
    // Runs in flight may have been lost with a previous activation (or host): re-queue them once per activation.
    private bool _requeuedAfterActivation;
    private StudyRunView? _runView;
    // The spec parsed from the study row's JSON; parsed again only when that JSON changes (a budget update).
    private (string Json, StudySpec Spec)? _spec;

    private Guid Id => this.GetPrimaryKey();
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(0);

    public Task Start() => Drive();

    public Task RunFinished(Guid runId) => Drive();

    public async Task<bool> Cancel()
    {
        var cancelled = await ledger.CancelStudyAsync(Id);
        if (cancelled) await Scheduler.CancelStudy(Id);
        return cancelled;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task Drive()
    {
        _runView ??= new StudyRunView(progress, Id);
        var study = await _runView.RefreshAsync();
        if (study is null || study.Status.IsFinished()) return;
        var spec = SpecOf(study);
        // External trainers may vanish without a word: their expired leases are swept here too (the resumer pokes
        // every active study periodically), so such a study does not wait forever for a result that never comes.
        if (spec.IsExternal && await leases.ExpireLeasesAsync(options.Value.MaxAttempts, Id) is { Count: > 0 }) study = await _runView.RefreshAsync() ?? study;
        var runs = _runView.Runs;

        var pending = _runView.Pending;
        if (!_requeuedAfterActivation)
        {
            _requeuedAfterActivation = true;
            if (pending.Count > 0 && !spec.IsExternal)
            {
                log.LogInformation("Study {StudyId} resuming with {Pending} pending runs", Id, pending.Count);
                await Scheduler.Enqueue(pending.Select(Ticket).ToList());
            }
        }

        var observations = _runView.Observations;
        var observed = observations.Select(o => o.Obs).ToList();
        var best = BestObservation.Find(observed, spec.Objective, spec.TargetFidelity.Value);
        if (best is not null)
        {
            var bestRow = observations.First(o => ReferenceEquals(o.Obs, best)).Row;
            if (study.BestRunId != bestRow.Id) await ledger.SetBestAsync(Id, bestRow.Id, best.Value, best.Mixture);
        }
        // A paused study proposes nothing and does not complete; its runs in flight finish and are recorded.
        if (study.Status == StudyStatus.Paused) return;

        var budget = StudyBudget.Of(spec, study.RunBudget, _runView.OwnFinished.Count, _runView.OwnFinished.Cost, pending);
        var free = spec.Budget.Parallelism - pending.Count;
        if (budget.RunsLeft > 0 && free > 0 && budget.CostLeft > 0)
        {
            var context = new ProposalContext(spec, observed,
                pending.Select(r => new Proposal(Mixture.Create(r.Mixture), r.Fidelity)).ToList(), study.ProposalRounds);
            var proposer = ProposerCatalog.Create(spec.Strategy);
            // Fitting surrogates is CPU work that must not run on the grain scheduler; random search only draws a few
            // numbers, cheaper than the thread-pool hop per finished run.
            var count = Math.Min(budget.RunsLeft, free);
            var proposals = spec.Strategy == RandomDirichletProposer.StrategyName ? proposer.Propose(context, count) : await Task.Run(() => proposer.Propose(context, count));
            proposals = budget.Affordable(proposals, context.CostOf);
            if (proposals.Count > 0)
            {
                var added = await ledger.AddRunsAsync(Id, study.ProposalRounds, proposals);
                // External studies' runs wait in the ledger for a trainer to lease them over REST.
                if (!spec.IsExternal) await Scheduler.Enqueue(added.Select(Ticket).ToList());
                return;
            }
        }

        if (pending.Count == 0) await Complete(study, spec, runs.ToList(), best, observations.Select(o => o.Row).ToList());
    }

    private async Task Complete(StudyRow study, StudySpec spec, IReadOnlyList<RunRow> runs, Observation? best, IReadOnlyList<RunRow> succeeded)
    {
        if (best is null)
        {
            await ledger.SetStudyStatusAsync(Id, StudyStatus.Failed, "No run succeeded.");
            log.LogWarning("Study {StudyId} failed: no run succeeded", Id);
            return;
        }
        var bestRow = succeeded.Where(r => r.Objective == best.Value).OrderBy(r => r.Ordinal).First();
        var recommendation = await RecommendAsync(spec, succeeded);
        if (recommendation is not null) await ledger.SetRecommendationAsync(Id, recommendation);
        await ledger.CompleteStudyAsync(Id, bestRow.Id, best.Value, best.Mixture);
        var report = JsonSerializer.SerializeToUtf8Bytes(new
        {
            studyId = Id, study.Name, spec.Strategy, runs = runs.Count,
            succeeded = succeeded.Count, failed = runs.Count(r => r.State == RunState.Failed),
            domains = spec.DomainNames,
            best = new { runId = bestRow.Id, bestRow.Ordinal, value = best.Value, mixture = best.Mixture.Weights },
            optimum = study.OptimumValue is null ? null : new { value = study.OptimumValue, mixture = study.OptimumMixture },
            totalCost = succeeded.Sum(r => r.Cost ?? 0),
            recommendation,
        }, StudySpecJson.Options);
        await artifacts.PutAsync(ArtifactPaths.StudyReport(Id), BinaryData.FromBytes(report), "application/json");
        log.LogInformation("Study {StudyId} completed: best {Best} after {Runs} runs", Id, best.Value, runs.Count);
    }

    /// <summary>
    /// The strategy's recommendation and the surrogate table, fitted off the grain scheduler. A model that cannot be
    /// fitted does not stop the study from completing: the study keeps its best observed run and says why.
    /// </summary>
    private async Task<RecommendationDocument?> RecommendAsync(StudySpec spec, IReadOnlyList<RunRow> succeeded)
    {
        var observations = succeeded.Select(r => new Observation(Mixture.Create(r.Mixture), r.Fidelity, r.Objective!.Value)).ToList();
        try
        {
            return await Task.Run(() => StudyRecommender.Recommend(spec, observations));
        }
        catch (ArgumentException e)
        {
            log.LogWarning(e, "Study {StudyId}: no model-based recommendation ({Reason})", Id, e.Message);
            return null;
        }
    }

    private StudySpec SpecOf(StudyRow study)
    {
        if (_spec is not { } cached || !string.Equals(cached.Json, study.Spec, StringComparison.Ordinal)) _spec = cached = (study.Spec, StudySpecJson.Deserialize(study.Spec));
        return cached.Spec;
    }

    private RunTicket Ticket(RunRow r) => new(Id, r.Id, r.Ordinal);
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using MixOpt.Artifacts;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using Microsoft.Extensions.Options;
using MixOpt.Grains.Placement;
using MixOpt.Grains.Scheduling;
using MixOpt.Grains.Telemetry;
using System.Diagnostics;
using MixOpt.Ledger;
using MixOpt.Ledger.InRun;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Recommendations;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Studies;

/// <summary>
/// Owns a study and drives it from the ledger. Its live state is a cache of the ledger's: every decision starts by
/// bringing its view of the study's runs up to date (<see cref="StudyRunView"/>), so a deactivated grain or a restarted
/// host resumes exactly where the ledger says. It keeps its proposer between decisions and caches the current
/// recommendation until the next result; both die with the activation.
/// </summary>
[CoordinatorPlacement] // on the web host when there is one: fitting surrogates must not compete with training
public sealed class StudyGrain(
    StudyLedger ledger, StudyProgressLedger progress, RunLifecycle lifecycle, IArtifactStore artifacts, ILogger<StudyGrain> log,
    RecommendationHistoryLedger history, RunMetricsReader runMetrics, StudyMetrics? metrics = null, InRunLedger? inRun = null)
    : Grain, IStudyGrain
{
    /// <summary>
    /// The least time between two decisions prompted by finished runs. Each decision re-reads the study and fits its
    /// strategy, so back-to-back decisions under a stream of results would take a core for themselves while adding
    /// little (the runs one decision queues cover the trainers for longer than that). A lone result is decided at once.
    /// </summary>
    public static readonly TimeSpan MinDecisionInterval = TimeSpan.FromMilliseconds(50);

    // A proposer whose last decision took less than this runs on the grain scheduler: a thread-pool hop would cost
    // more than the decision (random search draws a few numbers). Slower ones (model fits) go to the thread pool.
    private static readonly TimeSpan InlineProposal = TimeSpan.FromMilliseconds(1);

    private IProposer? _proposer;
    private TimeSpan? _lastProposal;
    private long _lastDecision;
    private IGrainTimer? _followUp;
    private (int Observations, RecommendationDocument? Document)? _recommendation;
    // The observation count of the latest recommendation history row (read once per activation), and the checkpoint fit
    // in flight, if any: at most one at a time, off the grain scheduler.
    private int? _historyCount;
    private Task? _checkpoint;

    // Runs in flight may have been lost with a previous activation (or host): re-queue them once per activation.
    private bool _requeuedAfterActivation;
    private StudyRunView? _runView;
    // The spec parsed from the study row's JSON; parsed again only when that JSON changes (a budget update).
    private (string Json, StudySpec Spec)? _spec;
    // A multi-objective study's objective values by run, read once per run from its metrics (finished runs never change).
    private readonly Dictionary<Guid, double[]> _objectiveValues = [];

    private Guid Id => this.GetPrimaryKey();
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(0);

    public Task Start() => Drive();

    public Task RunFinished(Guid runId)
    {
        if (_followUp is not null) return Task.CompletedTask; // a decision is already due: it will see this run too
        var wait = MinDecisionInterval - Stopwatch.GetElapsedTime(_lastDecision);
        if (_lastDecision == 0 || wait <= TimeSpan.Zero) return Drive();
        // A grain timer's callback is not interleaved with calls, so the follow-up decision is serialized like one.
        _followUp = this.RegisterGrainTimer(async () =>
        {
            _followUp?.Dispose();
            _followUp = null;
            await Drive();
        }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public async Task<StudyRecommendation> Recommendation()
    {
        _runView ??= new StudyRunView(progress, Id);
        var study = await _runView.RefreshAsync();
        if (study is null)
        {
            DeactivateOnIdle(); // asked about a study that is not (or no longer) in the ledger: nothing to keep
            return new StudyRecommendation(false, 0, false, null);
        }
        var observations = await ObservationsOf(SpecOf(study), _runView.Observations);
        if (StudyLedger.ReadRecommendation(study) is { } stored)
            return new StudyRecommendation(true, observations.Count, study.Status == StudyStatus.Completed, Json(stored));
        if (observations.Count == 0) return new StudyRecommendation(true, 0, false, null);
        if (_recommendation is not { } cached || cached.Observations != observations.Count)
            _recommendation = cached = (observations.Count, await RecommendAsync(SpecOf(study), observations));
        return new StudyRecommendation(true, observations.Count, false, cached.Document is null ? null : Json(cached.Document));
    }

    public async Task<bool> Cancel()
    {
        var cancelled = await lifecycle.CancelStudyAsync(Id);
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
        _lastDecision = Stopwatch.GetTimestamp();
        _runView ??= new StudyRunView(progress, Id);
        var study = await _runView.RefreshAsync();
        if (study is null || study.Status.IsFinished()) return;
        var spec = SpecOf(study);
        // Expired leases (external trainers that vanished included) are swept by the scheduler alone; a run that
        // failed for good is told to this grain like any other finished run.
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
        await CheckpointRecommendation(spec, observations);
        // A paused study proposes nothing and does not complete; its runs in flight finish and are recorded.
        if (study.Status == StudyStatus.Paused) return;

        var budget = StudyBudget.Of(spec, study.RunBudget, _runView.OwnFinished.Count, _runView.OwnFinished.Cost, pending);
        var free = spec.Budget.Parallelism - pending.Count;
        if (budget.RunsLeft > 0 && free > 0 && budget.CostLeft > 0)
        {
            var context = new ProposalContext(spec, await ObservationsOf(spec, observations),
                pending.Select(r => new Proposal(Mixture.Create(r.Mixture), r.Fidelity)).ToList(), study.ProposalRounds);
            var proposals = budget.Affordable(await ProposeAsync(spec, context, Math.Min(budget.RunsLeft, free)), context.CostOf);
            if (proposals.Count > 0)
            {
                var added = await lifecycle.QueueAsync(Id, study.ProposalRounds, proposals);
                // External studies' runs wait in the ledger for a trainer to lease them over REST.
                if (!spec.IsExternal) await Scheduler.Enqueue(added.Select(Ticket).ToList());
                return;
            }
        }

        if (pending.Count == 0) await Complete(study, spec, runs.ToList(), best, observations.Select(o => o.Row).ToList(), await ObservationsOf(spec, observations));
    }

    private async Task Complete(StudyRow study, StudySpec spec, IReadOnlyList<RunRow> runs, Observation? best, IReadOnlyList<RunRow> succeeded,
        IReadOnlyList<Observation> observed)
    {
        if (best is null)
        {
            await ledger.SetStudyStatusAsync(Id, StudyStatus.Failed, "No run succeeded.");
            log.LogWarning("Study {StudyId} failed: no run succeeded", Id);
            return;
        }
        var bestRow = succeeded.Where(r => r.Objective == best.Value).OrderBy(r => r.Ordinal).First();
        var recommendation = await RecommendAsync(spec, observed);
        if (_checkpoint is { } checkpoint) await checkpoint; // its row first, so the history is complete once the study is
        if (recommendation is not null)
        {
            await ledger.SetRecommendationAsync(Id, recommendation);
            await history.RecordAsync(Id, spec.DomainNames, succeeded.Count, succeeded.Sum(r => r.Cost ?? 0), recommendation, final: true);
        }
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
    private async Task<RecommendationDocument?> RecommendAsync(StudySpec spec, IReadOnlyList<Observation> observations)
    {
        // An in-run strategy's answer is its run's trajectory, in the ledger, not a model of the observations.
        if (InRunRecommender.Applies(spec) && inRun is not null) return InRunRecommender.Recommend(spec, await inRun.OfStudyAsync(Id), observations);
        var proposer = Proposer(spec);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var recommendation = await Task.Run(() => StudyRecommender.Recommend(spec, proposer, observations));
            metrics?.Fitted(spec, Stopwatch.GetElapsedTime(started));
            return recommendation;
        }
        catch (Exception e) when (e is ArgumentException || e is AggregateException { InnerExceptions: var inner } && inner.All(x => x is ArgumentException))
        {
            // Too few (or too alike) runs for a model; a surrogate fitted in parallel reports it wrapped.
            log.LogWarning(e, "Study {StudyId}: no model-based recommendation ({Reason})", Id, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Starts a fit of the recommendation for the history when the study has passed a checkpoint
    /// (<see cref="RecommendationCheckpoints"/>). It runs on the thread pool with a proposer of its own (the study's may
    /// be fitting at the same time) and is not awaited: the next decision must not wait for a dashboard figure. Only the
    /// strategy's recommendation is fitted, not the closing cross-validation table (seconds per fit).
    /// </summary>
    private async Task CheckpointRecommendation(StudySpec spec, IReadOnlyList<(RunRow Row, Observation Obs)> observations)
    {
        if (observations.Count == 0 || _checkpoint is { IsCompleted: false }) return;
        _historyCount ??= await history.LatestObservationsAsync(Id);
        if (!RecommendationCheckpoints.IsDue(_historyCount.Value, observations.Count)) return;
        _historyCount = observations.Count;
        var (id, count, cost) = (Id, observations.Count, observations.Sum(o => o.Row.Cost ?? 0));
        var observed = observations.Select(o => o.Obs).ToList();
        var proposer = ProposerCatalog.Create(spec.Strategy);
        _checkpoint = Task.Run(async () =>
        {
            try
            {
                // The strategy's recommendation alone: the history keeps no cross-validation table, so none is fitted.
                if (proposer.Recommend(new ProposalContext(spec, observed, [], Round: 0)) is { } r)
                    await history.RecordAsync(id, spec.DomainNames, count, cost, new RecommendationDocument(
                        spec.DomainNames.Select((d, i) => (d, w: r.Mixture[i])).ToDictionary(p => p.d, p => p.w),
                        r.Predicted, r.StdDev, r.Basis, null), final: false);
            }
            catch (Exception e)
            {
                // A model that cannot be fitted yet (too few or too alike runs) leaves a gap in the history, nothing more.
                log.LogInformation(e, "Study {StudyId}: no recommendation for the history at {Count} observations", id, count);
            }
        });
    }

    /// <summary>
    /// The next proposals from the study's proposer, kept for the activation (it may keep fitted state between
    /// decisions). Fitting surrogates is CPU work that must not run on the grain scheduler; a proposer that decided in
    /// well under a millisecond last time is cheaper to call here than to hop to the thread pool for.
    /// </summary>
    private async Task<IReadOnlyList<Proposal>> ProposeAsync(StudySpec spec, ProposalContext context, int count)
    {
        var proposer = Proposer(spec);
        var started = Stopwatch.GetTimestamp();
        var proposals = _lastProposal < InlineProposal ? proposer.Propose(context, count) : await Task.Run(() => proposer.Propose(context, count));
        _lastProposal = Stopwatch.GetElapsedTime(started);
        metrics?.Proposed(spec, _lastProposal.Value);
        return proposals;
    }

    /// <summary>
    /// The observations as strategies see them: for a multi-objective study each carries every objective's value, scored
    /// from the run's metrics (read from the ledger once per run); a single-objective study's are returned as they are.
    /// </summary>
    private async Task<List<Observation>> ObservationsOf(StudySpec spec, IReadOnlyList<(RunRow Row, Observation Obs)> observations)
    {
        if (!spec.IsMultiObjective()) return observations.Select(o => o.Obs).ToList();
        var missing = observations.Where(o => !_objectiveValues.ContainsKey(o.Row.Id)).Select(o => o.Row.Id).ToArray();
        if (missing.Length > 0)
        {
            var metrics = await runMetrics.ReadAsync(missing);
            foreach (var id in missing)
            {
                if (!metrics.TryGetValue(id, out var m)) continue;
                try { _objectiveValues[id] = spec.Scores(m); }
                catch (ArgumentException) { } // a run missing one objective's metric takes no part in the front
            }
        }
        return observations.Select(o => _objectiveValues.TryGetValue(o.Row.Id, out var v) ? o.Obs with { ObjectiveValues = v } : o.Obs).ToList();
    }

    private IProposer Proposer(StudySpec spec) => _proposer ??= HierarchicalProposer.For(spec, InRunStrategies.Create(spec.Strategy));

    private static string Json(RecommendationDocument document) => JsonSerializer.Serialize(document, StudySpecJson.Options);

    private StudySpec SpecOf(StudyRow study)
    {
        if (_spec is not { } cached || !string.Equals(cached.Json, study.Spec, StringComparison.Ordinal)) _spec = cached = (study.Spec, StudySpecJson.Deserialize(study.Spec));
        return cached.Spec;
    }

    private RunTicket Ticket(RunRow r) => new(Id, r.Id, r.Ordinal);
}

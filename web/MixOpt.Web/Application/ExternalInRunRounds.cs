using System.Collections.Concurrent;
using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Ledger.InRun;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Studies;

namespace MixOpt.Web.Application;

/// <summary>
/// Aioli for external trainers: a leased run's trainer posts its per-domain validation losses (POST
/// /api/studies/{id}/runs/{runId}/rounds) and gets the proportions to train on next. The method is the builtin path's
/// <see cref="AioliMethod"/> (no second copy of the math), kept here per run and lease; every accepted report is
/// stored (the run's trajectory in run_in_run / run_rounds, as the builtin executor writes it) before it is answered.
/// After a restart the method is rebuilt from the recorded rounds (<see cref="AioliMethod.Resume"/>). A retry of the
/// last accepted report gets the same answer and advances nothing. When the run reports its result, <see cref="SealAsync"/>
/// makes sure its record says what happened (a trainer that never posted a round kept its starting proportions).
/// </summary>
public sealed class ExternalInRunRounds(RunLifecycle lifecycle, StudySpecCache specs, InRunLedger inRun)
{
    public const int MaxTotalSteps = 100_000_000;
    public const double MaxLoss = 1e6;

    // Far more runs than trainers post at once; past it the sessions start over (they are rebuilt from the ledger).
    private const int MaxSessions = 10_000;
    private readonly ConcurrentDictionary<Guid, Session> _sessions = new();

    public async Task<InRunRoundAnswer> PostAsync(Guid studyId, Guid runId, InRunRoundPost post, CancellationToken ct)
    {
        var spec = await specs.FindAsync(studyId, ct);
        if (spec is null) return new(InRunRoundVerdict.StudyNotFound);
        var (run, _) = await lifecycle.FindForReportAsync(runId, "", null, ct);
        if (run is null || run.StudyId != studyId) return new(InRunRoundVerdict.RunNotFound);
        if (!Serves(spec))
            return new(InRunRoundVerdict.NotInRun, Why: $"Study {studyId} uses strategy '{spec.Strategy}' with executor '{spec.Executor}': only 'aioli' studies with executor 'external' take in-run rounds.");
        var errors = Check(spec, post);
        if (errors.Count > 0) return Invalid(errors);
        if (!run.IsLive(post.LeaseToken, lifecycle.Now()))
            return new(InRunRoundVerdict.Refused, Why: await lifecycle.ExplainRefusalAsync(runId, post.LeaseToken, ct));

        var session = _sessions.GetOrAdd(runId, _ => new Session());
        await session.Gate.WaitAsync(ct);
        try
        {
            if (session.Token != post.LeaseToken || session.Method is null)
            {
                var built = await BuildAsync(studyId, spec, run, post, ct);
                if (built.Errors is { } e) return Invalid(e);
                session.Start(post.LeaseToken, built.Method!, post.TotalSteps);
            }
            else if (session.TotalSteps != post.TotalSteps)
                return Invalid(new() { ["totalSteps"] = [$"This run's reports said totalSteps {session.TotalSteps}; it cannot change to {post.TotalSteps}."] });

            var losses = spec.DomainNames.Select(d => post.Losses[d]).ToArray();
            if (session.LastStep is { } last)
            {
                if (post.Step == last)
                    return losses.SequenceEqual(session.LastLosses!)
                        ? new(InRunRoundVerdict.Replayed, session.LastAnswer)
                        : new(InRunRoundVerdict.Conflict, Why: $"Run {runId} already reported step {post.Step} with other losses; a retry must repeat the report exactly.");
                if (post.Step < last)
                    return new(InRunRoundVerdict.Conflict, Why: $"Run {runId} already reported step {last}; a report at step {post.Step} is before it.");
            }

            var method = session.Method!;
            var segment = method.Next(new InRunReport(post.Step, losses));
            try
            {
                await inRun.RecordAsync(runId, new InRunTrajectory(AioliMethod.MethodName, method.Rounds, method.Recommended.ToArray()), ct);
            }
            catch
            {
                // The method moved on but the ledger did not: forget it, so the retry is answered from what is stored.
                session.Forget();
                throw;
            }
            var answer = new InRunRoundView(runId, segment?.Round ?? method.Rounds.Count, segment?.Phase ?? "done",
                Named(spec, (segment?.Proportions ?? method.Current).ToArray()), segment?.Steps ?? 0, post.Step + (segment?.Steps ?? 0),
                segment is not null, method.Rounds.Count);
            session.Accepted(post.Step, losses, answer);
            return new(InRunRoundVerdict.Accepted, answer);
        }
        finally
        {
            session.Gate.Release();
            if (_sessions.Count > MaxSessions) _sessions.Clear();
        }
    }

    /// <summary>
    /// Called when a run of an external aioli study reports its result under a live lease, before the result is
    /// recorded (so the study's recommendation sees it): a run that finished no round gets a record that recommends
    /// its starting proportions and says why; one that stopped early says after how many rounds.
    /// </summary>
    public async Task SealAsync(Guid studyId, Guid runId, Guid leaseToken, CancellationToken ct)
    {
        var spec = await specs.FindAsync(studyId, ct);
        if (spec is null || !Serves(spec)) return;
        var (run, _) = await lifecycle.FindForReportAsync(runId, "", null, ct);
        if (run is null || run.StudyId != studyId || !run.IsLive(leaseToken, lifecycle.Now())) return;
        _sessions.TryRemove(runId, out var session);
        var planned = AioliStudyRules.OptionsOf(spec).Rounds;
        var recorded = (await inRun.OfStudyAsync(studyId, ct)).FirstOrDefault(r => r.RunId == runId)?.Trajectory;
        if (recorded is null || recorded.Rounds.Count == 0)
        {
            var posted = session?.Token == leaseToken ? session.Reports : 0;
            var note = posted == 0
                ? "The external trainer never posted an in-run round, so Aioli could not act: the run trained on its starting proportions, which are its recommendation."
                : $"The external trainer posted {posted} in-run report(s) but finished no round: the run kept its starting proportions, which are its recommendation.";
            await inRun.RecordAsync(runId, new InRunTrajectory(AioliMethod.MethodName, [], run.Mixture, note), ct);
        }
        else if (recorded.Rounds.Count < planned && recorded.Note is null)
            await inRun.RecordAsync(runId, recorded with
            {
                Note = $"The external trainer reported its result after {recorded.Rounds.Count} of {planned} rounds; the recommendation is its trajectory so far.",
            }, ct);
    }

    /// <summary>A run's in-run record by domain name; null when the study or run does not exist or the run has none.</summary>
    public async Task<InRunTrajectoryView?> TrajectoryAsync(Guid studyId, Guid runId, CancellationToken ct)
    {
        var spec = await specs.FindAsync(studyId, ct);
        if (spec is null) return null;
        var record = (await inRun.OfStudyAsync(studyId, ct)).FirstOrDefault(r => r.RunId == runId);
        if (record is null) return null;
        var t = record.Trajectory;
        return new InRunTrajectoryView(runId, t.Method,
            t.Rounds.Select(r => new InRunRoundRecordView(r.Round, r.Step, Named(spec, r.Proportions), Named(spec, r.Losses))).ToList(),
            Named(spec, t.Recommended), t.Note);
    }

    public static bool Serves(StudySpec spec) => spec.Strategy == AioliStudyRules.StrategyName && spec.IsExternal;

    /// <summary>The method for this lease: fresh at step 0 (a new attempt replaces what an earlier one stored), else resumed from the stored rounds.</summary>
    private async Task<(AioliMethod? Method, Dictionary<string, string[]>? Errors)> BuildAsync(Guid studyId, StudySpec spec, RunLeaseState run, InRunRoundPost post, CancellationToken ct)
    {
        AioliMethod method;
        try
        {
            // The reply carries no "restore the parameters after this probe" flag, so an external trainer keeps what its
            // probes learn: each probe's change is taken from the report before it, not from the round's start.
            var options = AioliStudyRules.OptionsOf(spec) with { RestoreAfterProbe = false, ProbesInBudget = true };
            method = new AioliMethod(Mixture.Create(run.Mixture), post.TotalSteps, options, StudySpace.ConstraintsOf(spec),
                SeedMixer.Mix(spec.Seed, run.Ordinal));
        }
        catch (ArgumentException e)
        {
            return (null, new() { ["totalSteps"] = [e.Message] });
        }
        if (post.Step > 0 && (await inRun.OfStudyAsync(studyId, ct)).FirstOrDefault(r => r.RunId == run.RunId) is { Trajectory.Rounds.Count: > 0 } stored)
        {
            try { method.Resume(stored.Trajectory.Rounds); }
            catch (ArgumentException) { /* rounds of another shape (another totalSteps): start over from the run's mixture */ }
        }
        return (method, null);
    }

    private static Dictionary<string, string[]> Check(StudySpec spec, InRunRoundPost post)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message) => (errors.TryGetValue(key, out var l) ? l : errors[key] = []).Add(message);
        var domains = spec.DomainNames;
        if (post.Step > post.TotalSteps) Add("step", $"The step ({post.Step}) is past totalSteps ({post.TotalSteps}).");
        foreach (var name in post.Losses.Keys.Where(k => !domains.Contains(k)))
            Add("losses", $"'{Shown(name)}' is not a domain of the study ({string.Join(", ", domains)}).");
        foreach (var d in domains)
        {
            if (!post.Losses.TryGetValue(d, out var loss)) Add("losses", $"The loss of domain '{d}' is missing: report every domain's validation loss.");
            else if (!double.IsFinite(loss) || loss < 0 || loss > MaxLoss) Add("losses", $"The loss of domain '{d}' is {loss}; losses must be finite, between 0 and {MaxLoss}.");
        }
        if (post.Proportions is { } p)
        {
            foreach (var name in p.Keys.Where(k => !domains.Contains(k)))
                Add("proportions", $"'{Shown(name)}' is not a domain of the study.");
            if (domains.Any(d => !p.ContainsKey(d))) Add("proportions", "Give every domain's current proportion, or leave proportions out.");
            else if (p.Values.Any(v => !double.IsFinite(v) || v < 0 || v > 1) || Math.Abs(p.Values.Sum() - 1) > 1e-6)
                Add("proportions", "The current proportions must be finite, in [0, 1] and sum to 1.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>A name from the request, bounded and without control characters, for an error message.</summary>
    private static string Shown(string name)
    {
        var clean = new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= 64 ? clean : clean[..64] + "…";
    }

    private static InRunRoundAnswer Invalid(Dictionary<string, string[]> errors) => new(InRunRoundVerdict.Invalid, Errors: errors);

    private static IReadOnlyDictionary<string, double> Named(StudySpec spec, IReadOnlyList<double> values) =>
        spec.DomainNames.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => values[p.i]);

    /// <summary>One run's method under one lease, and its last accepted report with the answer a retry gets.</summary>
    private sealed class Session
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public Guid Token { get; private set; }
        public AioliMethod? Method { get; private set; }
        public int TotalSteps { get; private set; }
        public int? LastStep { get; private set; }
        public double[]? LastLosses { get; private set; }
        public InRunRoundView? LastAnswer { get; private set; }
        public int Reports { get; private set; }

        public void Start(Guid token, AioliMethod method, int totalSteps)
        {
            (Token, Method, TotalSteps) = (token, method, totalSteps);
            (LastStep, LastLosses, LastAnswer, Reports) = (null, null, null, 0);
        }

        public void Accepted(int step, double[] losses, InRunRoundView answer)
        {
            (LastStep, LastLosses, LastAnswer) = (step, losses, answer);
            Reports++;
        }

        public void Forget()
        {
            Method = null;
            Token = Guid.Empty;
        }
    }
}

using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Tests;

public sealed class RunLifecycleTests
{
    private static readonly RunOutcome Outcome = new(new Dictionary<string, double> { ["loss:a"] = 3.1, ["loss:b"] = 2.9 }, Cost: 1, Seconds: 0.1, LossCurve: [4, 3]);

    private static async Task<(LedgerFixture F, IReadOnlyList<RunRow> Runs, Guid StudyId)> StudyWithRunsAsync(int n)
    {
        var f = await LedgerFixture.CreateAsync();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(runs: n), null);
        var runs = await f.Lifecycle.QueueAsync(study.Id, 0, Enumerable.Range(0, n).Select(i => new Proposal(Mixture.Normalize([1.0 + i, 1.0]))).ToArray());
        return (f, runs, study.Id);
    }

    [Fact]
    public async Task A_byte_identical_retry_is_already_recorded_a_different_report_conflicts_and_the_first_value_stays()
    {
        var (f, runs, _) = await StudyWithRunsAsync(1);
        await using var _f = f;
        var lease = (await f.AcquireAsync(runs[0].Id, "w1", LedgerFixture.Lease))!;

        Assert.Equal(ResultRecording.Recorded, await f.RecordAsync(runs[0].Id, lease.Token, Outcome, 3.0));
        Assert.Equal(ResultRecording.AlreadyRecorded, await f.RecordAsync(runs[0].Id, lease.Token, Outcome, 3.0));
        // Another report under the same lease is not the recorded result: a conflict, and the first value stays.
        Assert.Equal(ResultRecording.Conflict, await f.RecordAsync(runs[0].Id, lease.Token, Outcome with { Cost = 9 }, 1.0));

        Assert.Equal(1, await f.Database.CountAsync("SELECT count(*) FROM run_results WHERE run_id = @r", ("r", runs[0].Id)));
        Assert.Equal(2, await f.Database.CountAsync("SELECT count(*) FROM run_metrics WHERE run_id = @r", ("r", runs[0].Id)));
        var stored = (await f.Ledger.FindRunAsync(runs[0].Id))!;
        Assert.Equal((RunState.Succeeded, 3.0, 1.0), (stored.State, stored.Objective!.Value, stored.Cost!.Value));
        Assert.Equal(AttemptOutcome.Succeeded, (await f.Lifecycle.AttemptsAsync(runs[0].Id)).Single().Outcome);
    }

    [Fact]
    public async Task Concurrent_different_reports_of_the_same_run_record_exactly_one_result_and_the_others_conflict()
    {
        var (f, runs, _) = await StudyWithRunsAsync(1);
        await using var _f = f;
        var lease = (await f.AcquireAsync(runs[0].Id, "w1", LedgerFixture.Lease))!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => f.RecordAsync(runs[0].Id, lease.Token, Outcome, 3.0 + i)));
        Assert.Single(outcomes, o => o == ResultRecording.Recorded);
        Assert.Equal(7, outcomes.Count(o => o == ResultRecording.Conflict));
        Assert.Equal(1, await f.Database.CountAsync("SELECT count(*) FROM run_results WHERE run_id = @r", ("r", runs[0].Id)));
    }

    [Fact]
    public async Task A_superseded_attempt_cannot_report_or_heartbeat_and_the_new_one_can()
    {
        var (f, runs, _) = await StudyWithRunsAsync(1);
        await using var _f = f;
        var old = (await f.AcquireAsync(runs[0].Id, "w1", LedgerFixture.Lease))!;
        var current = (await f.AcquireAsync(runs[0].Id, "w2", LedgerFixture.Lease))!;

        Assert.Null(await f.Lifecycle.HeartbeatAsync(runs[0].Id, old.Token, LedgerFixture.Lease));
        Assert.Equal(ResultRecording.Refused, await f.RecordAsync(runs[0].Id, old.Token, Outcome, 1.0));
        Assert.Equal(0, await f.Database.CountAsync("SELECT count(*) FROM run_results"));
        Assert.NotNull(await f.Lifecycle.HeartbeatAsync(runs[0].Id, current.Token, LedgerFixture.Lease));
        Assert.Equal(ResultRecording.Recorded, await f.RecordAsync(runs[0].Id, current.Token, Outcome, 2.0));

        var attempts = await f.Lifecycle.AttemptsAsync(runs[0].Id);
        Assert.Equal([AttemptOutcome.Superseded, AttemptOutcome.Succeeded], attempts.Select(a => a.Outcome));
        Assert.Equal(2, (await f.Ledger.FindRunAsync(runs[0].Id))!.Attempts);
    }

    [Fact]
    public async Task An_expired_lease_requeues_the_run_and_its_late_result_is_refused()
    {
        var (f, runs, studyId) = await StudyWithRunsAsync(2);
        await using var _f = f;
        var lease = (await f.AcquireAsync(runs[0].Id, "dead-worker", TimeSpan.FromSeconds(1)))!;
        var live = (await f.AcquireAsync(runs[1].Id, "live-worker", LedgerFixture.Lease))!;

        var expired = await f.Lifecycle.ExpireAsync(maxAttempts: 3, asOf: lease.ExpiresAt.AddSeconds(1));

        var one = Assert.Single(expired);
        Assert.Equal((studyId, runs[0].Id, 1, "dead-worker", AttemptEnd.Requeued), (one.StudyId, one.RunId, one.Attempt, one.Worker, one.Run));
        Assert.Equal(RunState.Queued, (await f.Ledger.FindRunAsync(runs[0].Id))!.State);
        Assert.Equal(RunState.Running, (await f.Ledger.FindRunAsync(live.RunId))!.State);
        Assert.Equal(ResultRecording.Refused, await f.RecordAsync(runs[0].Id, lease.Token, Outcome, 1.0));
        var attempt = Assert.Single(await f.Lifecycle.AttemptsAsync(runs[0].Id));
        Assert.Equal(AttemptOutcome.Expired, attempt.Outcome);
        Assert.Contains("dead-worker", attempt.Reason);
    }

    [Fact]
    public async Task A_result_after_the_lease_ran_out_is_refused_even_before_a_sweep()
    {
        var (f, runs, _) = await StudyWithRunsAsync(1);
        await using var _f = f;
        var lease = (await f.AcquireAsync(runs[0].Id, "slow", TimeSpan.FromMilliseconds(1)))!;
        await Task.Delay(50);

        Assert.Equal(ResultRecording.Refused, await f.RecordAsync(runs[0].Id, lease.Token, Outcome, 1.0));
        Assert.Null(await f.Lifecycle.HeartbeatAsync(runs[0].Id, lease.Token, LedgerFixture.Lease));
        Assert.Equal(0, await f.Database.CountAsync("SELECT count(*) FROM run_results"));
    }

    [Fact]
    public async Task A_run_fails_after_its_last_attempt_with_every_reason()
    {
        var (f, runs, _) = await StudyWithRunsAsync(1);
        await using var _f = f;
        var first = (await f.AcquireAsync(runs[0].Id, "w1", LedgerFixture.Lease))!;
        Assert.Equal(AttemptEnd.Requeued, await f.Lifecycle.FailAttemptAsync(runs[0].Id, first.Token, "out of memory", maxAttempts: 2));
        Assert.Equal(AttemptEnd.Stale, await f.Lifecycle.FailAttemptAsync(runs[0].Id, first.Token, "again", maxAttempts: 2));
        var second = (await f.AcquireAsync(runs[0].Id, "w2", LedgerFixture.Lease))!;
        Assert.Equal(AttemptEnd.RunFailed, await f.Lifecycle.FailAttemptAsync(runs[0].Id, second.Token, "NaN loss", maxAttempts: 2));

        var run = (await f.Ledger.FindRunAsync(runs[0].Id))!;
        Assert.Equal(RunState.Failed, run.State);
        Assert.Contains("attempt 1: out of memory", run.Error);
        Assert.Contains("attempt 2: NaN loss", run.Error);
        Assert.Null(await f.AcquireAsync(runs[0].Id, "w3", LedgerFixture.Lease));
    }

    [Fact]
    public async Task Concurrent_external_workers_lease_distinct_runs_in_ordinal_order()
    {
        var (f, runs, studyId) = await StudyWithRunsAsync(6);
        await using var _f = f;

        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => f.Lifecycle.LeaseNextAsync(studyId, $"client-{i}", LedgerFixture.Lease)));

        var granted = leases.Where(l => l!.Run is not null).Select(l => l!.Run!.Lease.RunId).ToList();
        Assert.Equal(6, granted.Count);
        Assert.Equal(runs.Select(r => r.Id).ToHashSet(), granted.ToHashSet());
        Assert.All(await f.Ledger.RunsAsync(studyId), r => Assert.Equal(RunState.Leased, r.State));
        Assert.Null((await f.Lifecycle.LeaseNextAsync(studyId, "late", LedgerFixture.Lease))!.Run);
        Assert.Null(await f.Lifecycle.LeaseNextAsync(Guid.NewGuid(), "nobody", LedgerFixture.Lease));
    }
}

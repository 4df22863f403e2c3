using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Ledger.Tests;

/// <summary>The one-round-trip statements a worker slot and a study grain use per run.</summary>
public sealed class HotPathLedgerTests
{
    private static readonly RunOutcome Outcome = new(new Dictionary<string, double> { ["loss:a"] = 3.1, ["loss:b"] = 2.9 }, Cost: 1, Seconds: 0, LossCurve: []);

    private static Proposal[] Proposals(int n) =>
        Enumerable.Range(0, n).Select(i => new Proposal(Mixture.Normalize([1.0 + i, 2.0]), Fidelity: 0.5 + i)).ToArray();

    [Fact]
    public async Task A_worker_lease_returns_what_executing_needs_and_supersedes_the_active_attempt()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);
        var runs = await f.Lifecycle.QueueAsync(study.Id, 0, Proposals(2));
        var starts = f.Lifecycle;

        var first = (await starts.StartAttemptAsync(runs[1].Id, "w1", LedgerFixture.Lease))!;
        var second = (await starts.StartAttemptAsync(runs[1].Id, "w2", LedgerFixture.Lease))!;
        Assert.Equal((study.Id, 1, runs[1].Fidelity), (second.Lease.StudyId, second.Ordinal, second.Fidelity));
        Assert.Equal(runs[1].Mixture, second.Mixture);
        Assert.Equal((1, 2), (first.Lease.Attempt, second.Lease.Attempt));

        var attempts = await f.Lifecycle.AttemptsAsync(runs[1].Id);
        Assert.Equal([AttemptOutcome.Superseded, AttemptOutcome.Active], attempts.Select(a => a.Outcome));
        Assert.Equal("superseded by attempt 2 on w2", attempts[0].Reason);
        Assert.Equal(ResultRecording.Refused, await f.RecordAsync(runs[1].Id, first.Lease.Token, Outcome, 3.0));
        Assert.Equal(ResultRecording.Recorded, await f.RecordAsync(runs[1].Id, second.Lease.Token, Outcome, 3.0));
        // A finished run is never leased again.
        Assert.Null(await starts.StartAttemptAsync(runs[1].Id, "w3", LedgerFixture.Lease));
        Assert.Null(await starts.StartAttemptAsync(Guid.NewGuid(), "w3", LedgerFixture.Lease));
    }

    [Fact]
    public async Task A_study_read_after_the_first_returns_only_new_runs_and_pending_runs_that_finished()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);
        var runs = await f.Lifecycle.QueueAsync(study.Id, 0, Proposals(3));
        var progress = f.Create<StudyProgressLedger>();

        var (row, all) = await progress.ReadAsync(study.Id, null, []);
        Assert.Equal(study.Id, row!.Id);
        Assert.Equal(StudyStatus.Running, row.Status);
        Assert.Equal(runs.Select(r => r.Id), all.Select(r => r.Id));
        Assert.Equal(runs[2].Mixture, all[2].Mixture);

        var lease = (await f.AcquireAsync(runs[0].Id, "w1", LedgerFixture.Lease))!;
        await f.RecordAsync(runs[0].Id, lease.Token, Outcome, 3.0);
        await f.AcquireAsync(runs[1].Id, "w1", LedgerFixture.Lease); // still pending: not read again
        var added = await f.Lifecycle.QueueAsync(study.Id, 1, Proposals(1));

        var (_, changed) = await progress.ReadAsync(study.Id, 2, runs.Select(r => r.Id).ToList());
        Assert.Equal([runs[0].Id, added[0].Id], changed.Select(r => r.Id));
        Assert.Equal((RunState.Succeeded, 3.0), (changed[0].State, changed[0].Objective!.Value));
        Assert.Equal(3, changed[1].Ordinal);
        Assert.Null((await progress.ReadAsync(Guid.NewGuid(), null, [])).Study);
    }
}

using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Tests;

public sealed class StudyLedgerTests
{
    private static readonly RunOutcome Outcome = new(new Dictionary<string, double> { ["loss:a"] = 3.1, ["loss:b"] = 2.9 }, Cost: 1, Seconds: 0.1, LossCurve: [4, 3]);

    private static Proposal[] Proposals(int n) =>
        Enumerable.Range(0, n).Select(i => new Proposal(Mixture.Normalize([1.0 + i, 1.0]))).ToArray();

    [Fact]
    public async Task Rounds_get_consecutive_ordinals_and_attempts_are_counted()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(runs: 5), null);
        var first = await f.Lifecycle.QueueAsync(study.Id, 0, Proposals(3));
        var second = await f.Lifecycle.QueueAsync(study.Id, 1, Proposals(2));
        Assert.Equal([0, 1, 2, 3, 4], first.Concat(second).Select(r => r.Ordinal));

        Assert.Equal(1, (await f.AcquireAsync(first[0].Id, "w1", LedgerFixture.Lease))!.Attempt);
        Assert.Equal(2, (await f.AcquireAsync(first[0].Id, "w2", LedgerFixture.Lease))!.Attempt);
        var row = (await f.Ledger.FindStudyAsync(study.Id))!;
        Assert.Equal(StudyStatus.Running, row.Status);
        Assert.Equal(2, row.ProposalRounds);
    }

    [Fact]
    public async Task Cancelling_a_study_cancels_its_pending_runs_and_refuses_their_results()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);
        var runs = await f.Lifecycle.QueueAsync(study.Id, 0, Proposals(3));
        var first = (await f.AcquireAsync(runs[0].Id, "w1", LedgerFixture.Lease))!;
        await f.RecordAsync(runs[0].Id, first.Token, Outcome, 3.0);
        var second = (await f.AcquireAsync(runs[1].Id, "w1", LedgerFixture.Lease))!;

        Assert.True(await f.Lifecycle.CancelStudyAsync(study.Id));
        Assert.False(await f.Lifecycle.CancelStudyAsync(study.Id));
        var states = (await f.Ledger.RunsAsync(study.Id)).Select(r => r.State).ToList();
        Assert.Equal([RunState.Succeeded, RunState.Cancelled, RunState.Cancelled], states);
        Assert.Equal(ResultRecording.Refused, await f.RecordAsync(runs[1].Id, second.Token, Outcome, 2.0));
        Assert.Equal(1, await f.Database.CountAsync("SELECT count(*) FROM run_results"));
        Assert.Equal(AttemptOutcome.Cancelled, (await f.Lifecycle.AttemptsAsync(runs[1].Id)).Single().Outcome);
    }

    [Fact]
    public async Task Results_that_are_not_finite_are_refused_and_nothing_is_written()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);
        var run = (await f.Lifecycle.QueueAsync(study.Id, 0, Proposals(1)))[0];
        var lease = (await f.AcquireAsync(run.Id, "w1", LedgerFixture.Lease))!;

        await Assert.ThrowsAsync<ArgumentException>(() => f.RecordAsync(run.Id, lease.Token, Outcome, double.NaN));
        var nanMetric = Outcome with { Metrics = new Dictionary<string, double> { ["loss:a"] = double.PositiveInfinity } };
        await Assert.ThrowsAsync<ArgumentException>(() => f.RecordAsync(run.Id, lease.Token, nanMetric, 3.0));
        Assert.Equal(0, await f.Database.CountAsync("SELECT count(*) FROM run_results"));
        Assert.Equal(RunState.Running, (await f.Ledger.FindRunAsync(run.Id))!.State);
    }

    [Fact]
    public async Task A_study_spec_round_trips_through_the_ledger()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var spec = LedgerFixture.Spec() with { Fidelities = [new FidelitySpec { Name = "small", Value = 1, Cost = 0.1 }, new FidelitySpec { Name = "big", Value = 10, Cost = 1 }] };
        var row = await f.Ledger.CreateStudyAsync(spec, null);
        var back = StudySpecJson.Deserialize((await f.Ledger.FindStudyAsync(row.Id))!.Spec);
        Assert.Equal(spec.DomainNames, back.DomainNames);
        Assert.Equal(10, back.TargetFidelity.Value);
        Assert.Equal(spec.Budget, back.Budget);
        Assert.Equal(spec.Seed, back.Seed);
    }
}

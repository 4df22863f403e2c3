using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Ledger.InRun;

namespace MixOpt.Ledger.Tests;

/// <summary>In-run trajectories (migration 0008) on a real PostgreSQL: recorded, replaced by a retry, never non-finite.</summary>
public sealed class InRunLedgerTests
{
    private static InRunTrajectory Trajectory(params double[] firstProportions) => new("aioli",
        [new InRunRound(0, 10, firstProportions, [3.2, 3.1]), new InRunRound(1, 20, [0.7, 0.3], [3.0, 2.9])], [0.7, 0.3]);

    [Fact]
    public async Task A_trajectory_is_recorded_read_back_and_replaced_by_a_later_attempt()
    {
        await using var fixture = await LedgerFixture.CreateAsync();
        var study = await fixture.Ledger.CreateStudyAsync(LedgerFixture.Spec(runs: 1), null);
        var run = (await fixture.Lifecycle.QueueAsync(study.Id, 0, [new Proposal(Mixture.Create([0.5, 0.5]))]))[0];
        var ledger = fixture.Create<InRunLedger>();

        await ledger.RecordAsync(run.Id, Trajectory(0.6, 0.4));
        await ledger.RecordAsync(run.Id, Trajectory(0.55, 0.45) with { Rounds = [new InRunRound(0, 10, [0.55, 0.45], [3.2, 3.1])], Note = "retry\u0000 attempt" });

        var record = Assert.Single(await ledger.OfStudyAsync(study.Id));
        Assert.Equal(run.Id, record.RunId);
        var round = Assert.Single(record.Trajectory.Rounds);
        Assert.Equal([0.55, 0.45], round.Proportions);
        Assert.Equal([3.2, 3.1], round.Losses);
        Assert.Equal([0.7, 0.3], record.Trajectory.Recommended);
        Assert.Equal("retry  attempt", record.Trajectory.Note); // no NUL reaches the ledger
        Assert.Equal(1, await fixture.Database.CountAsync("SELECT count(*) FROM run_rounds"));
    }

    [Fact]
    public async Task A_non_finite_value_is_refused_and_nothing_is_written()
    {
        await using var fixture = await LedgerFixture.CreateAsync();
        var study = await fixture.Ledger.CreateStudyAsync(LedgerFixture.Spec(runs: 1), null);
        var run = (await fixture.Lifecycle.QueueAsync(study.Id, 0, [new Proposal(Mixture.Create([0.5, 0.5]))]))[0];
        var ledger = fixture.Create<InRunLedger>();

        var nan = await Assert.ThrowsAsync<ArgumentException>(() => ledger.RecordAsync(run.Id, Trajectory(double.NaN, 0.5)));
        Assert.Contains("finite", nan.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.RecordAsync(run.Id, Trajectory(0.5, 0.5) with { Recommended = [double.PositiveInfinity, 0] }));

        Assert.Equal(0, await fixture.Database.CountAsync("SELECT count(*) FROM run_rounds"));
        Assert.Equal(0, await fixture.Database.CountAsync("SELECT count(*) FROM run_in_run"));
        // The schema refuses them too, for any writer that skips the check.
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(async () =>
        {
            await using var c = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("INSERT INTO run_rounds (run_id, round, step, proportions, losses) VALUES (@r, 0, 0, ARRAY[0.5, 'NaN'::float8], ARRAY[1.0, 1.0])", c);
            cmd.Parameters.AddWithValue("r", run.Id);
            await cmd.ExecuteNonQueryAsync();
        });
    }
}

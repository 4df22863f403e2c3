using MixOpt.Core.Studies;
using MixOpt.Ledger.Recommendations;

namespace MixOpt.Ledger.Tests;

/// <summary>The recommendation history (sql/ledger/0007) on a real PostgreSQL: finite rows only, one per count, read bounded.</summary>
public sealed class RecommendationHistoryLedgerTests
{
    private static readonly string[] Domains = ["a", "b"];

    private static RecommendationDocument Doc(double predicted, double stdDev, double a = 0.4) =>
        new(new Dictionary<string, double> { ["a"] = a, ["b"] = 1 - a }, predicted, stdDev, "surrogate", null);

    [Fact]
    public async Task Finite_rows_are_written_one_per_count_and_a_final_row_replaces_a_checkpoint_of_the_same_count()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var history = f.Create<RecommendationHistoryLedger>();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);

        Assert.True(await history.RecordAsync(study.Id, Domains, 5, 5.0, Doc(3.2, 0.3), final: false));
        Assert.True(await history.RecordAsync(study.Id, Domains, 10, 10.0, Doc(3.0, 0.2), final: false));
        Assert.False(await history.RecordAsync(study.Id, Domains, 10, 10.0, Doc(2.0, 0.1), final: false)); // the count has its row
        Assert.True(await history.RecordAsync(study.Id, Domains, 10, 10.5, Doc(2.9, 0.1, a: 0.7), final: true));
        Assert.False(await history.RecordAsync(study.Id, Domains, 10, 11.0, Doc(1.0, 0.1), final: true));  // one final per count

        var rows = await history.ReadAsync(study.Id, max: 100);
        Assert.Equal([5, 10], rows.Select(r => r.Observations));
        Assert.Equal([false, true], rows.Select(r => r.Final));
        Assert.Equal(2.9, rows[1].Predicted);
        Assert.Equal([0.7, 0.3], rows[1].Mixture.Select(w => Math.Round(w, 12)));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Predicted) && double.IsFinite(r.StdDev) && double.IsFinite(r.Cost) && r.Mixture.All(double.IsFinite)));
        Assert.Equal(10, await history.LatestObservationsAsync(study.Id));
    }

    [Fact]
    public async Task A_recommendation_that_is_not_finite_is_refused_and_nothing_is_written()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var history = f.Create<RecommendationHistoryLedger>();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);

        Assert.False(await history.RecordAsync(study.Id, Domains, 5, 5.0, Doc(double.NaN, 0.1), final: false));
        Assert.False(await history.RecordAsync(study.Id, Domains, 6, 5.0, Doc(3.0, double.PositiveInfinity), final: false));
        Assert.False(await history.RecordAsync(study.Id, Domains, 7, 5.0, Doc(3.0, -0.1), final: false));
        Assert.False(await history.RecordAsync(study.Id, Domains, 8, double.NaN, Doc(3.0, 0.1), final: false));
        Assert.False(await history.RecordAsync(study.Id, Domains, 9, 5.0, Doc(3.0, 0.1, a: double.NegativeInfinity), final: false));
        Assert.False(await history.RecordAsync(study.Id, ["a", "b", "c"], 10, 5.0, Doc(3.0, 0.1), final: false)); // a domain without a weight
        Assert.False(await history.RecordAsync(study.Id, Domains, 0, 0.0, Doc(3.0, 0.1), final: false));

        Assert.Equal(0, await f.Database.CountAsync("SELECT count(*) FROM recommendation_history"));
        Assert.Equal(0, await history.LatestObservationsAsync(study.Id));
    }

    [Fact]
    public async Task A_long_history_is_read_thinned_to_the_bound_with_its_first_and_latest_rows()
    {
        await using var f = await LedgerFixture.CreateAsync();
        var history = f.Create<RecommendationHistoryLedger>();
        var study = await f.Ledger.CreateStudyAsync(LedgerFixture.Spec(), null);
        for (var n = 1; n <= 95; n++) Assert.True(await history.RecordAsync(study.Id, Domains, n, n, Doc(3.0 - n / 100.0, 0.1), final: n == 95));

        var rows = await history.ReadAsync(study.Id, max: 10);
        Assert.InRange(rows.Count, 2, 10);
        Assert.Equal(1, rows[0].Observations);
        Assert.Equal(95, rows[^1].Observations);
        Assert.True(rows[^1].Final);
        Assert.Equal(rows.Select(r => r.Observations).Order(), rows.Select(r => r.Observations));
        Assert.Equal(95, await history.CountAsync(study.Id));
        Assert.Equal(95, (await history.ReadAsync(study.Id, max: 500)).Count);
    }
}

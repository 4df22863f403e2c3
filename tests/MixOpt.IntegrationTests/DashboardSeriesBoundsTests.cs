using MixOpt.Grains.Studies;
using MixOpt.Web.Application;

namespace MixOpt.IntegrationTests;

/// <summary>What bounds a big study's dashboard: the plots' seeded samples and the recommendation history's checkpoints.</summary>
public sealed class DashboardSeriesBoundsTests
{
    [Fact]
    public void A_series_within_the_cap_is_drawn_whole()
    {
        var items = Enumerable.Range(0, ChartSampling.MaxPoints).ToList();
        Assert.Same(items, ChartSampling.Sample(items, ChartSampling.MaxPoints, seed: 1));
        Assert.Equal("Runs", ChartSampling.Title("Runs", items.Count, items.Count));
    }

    [Fact]
    public void A_longer_series_is_a_seeded_sample_in_order_that_keeps_the_best_and_says_how_much_it_shows()
    {
        var items = Enumerable.Range(0, 10_000).ToList();
        var a = ChartSampling.Sample(items, 1_000, seed: 3, keep: 9_999);
        Assert.Equal(1_000, a.Count);
        Assert.Contains(9_999, a);
        Assert.Equal(a.Order(), a);
        Assert.Equal(a.Count, a.Distinct().Count());
        Assert.Equal(a, ChartSampling.Sample(items, 1_000, seed: 3, keep: 9_999));
        Assert.NotEqual(a, ChartSampling.Sample(items, 1_000, seed: 4, keep: 9_999));
        Assert.Equal("Runs (showing 1,000 of 10,000 runs)", ChartSampling.Title("Runs", 1_000, 10_000));
    }

    [Fact]
    public void History_checkpoints_come_every_few_results_early_and_stay_bounded_for_a_long_study()
    {
        Assert.False(RecommendationCheckpoints.IsDue(0, RecommendationCheckpoints.Step - 1));
        Assert.True(RecommendationCheckpoints.IsDue(0, RecommendationCheckpoints.Step));
        Assert.False(RecommendationCheckpoints.IsDue(5, 9));
        Assert.True(RecommendationCheckpoints.IsDue(5, 10));
        // One result at a time up to 10,000: a row every few results, about 55 in all.
        var recorded = 0;
        var rows = 0;
        for (var n = 1; n <= 10_000; n++)
            if (RecommendationCheckpoints.IsDue(recorded, n)) { recorded = n; rows++; }
        Assert.InRange(rows, 40, 70);
        for (var n = 1; n < 20_000; n++) Assert.True(RecommendationCheckpoints.Bucket(n + 1) >= RecommendationCheckpoints.Bucket(n));
    }
}

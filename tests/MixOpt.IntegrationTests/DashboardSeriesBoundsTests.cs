using MixOpt.Grains.Studies;
using MixOpt.Web.Application;

namespace MixOpt.IntegrationTests;

/// <summary>What bounds a big study's dashboard: the plots' samples, how a plot's figure reaches plotly.js, and the recommendation history's checkpoints.</summary>
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
    public void A_sample_that_keeps_the_best_keeps_the_best_runs_and_every_stratum_in_order()
    {
        // 10,000 items; objective = value, minimised; stratum: 1 item in 1,000 is in a rare stratum "b".
        var items = Enumerable.Range(0, 10_000).Select(i => (Index: i, Objective: (i * 7_919) % 10_000 / 10_000.0, Stratum: i % 1_000 == 999 ? "b" : "a")).ToList();
        var a = ChartSampling.KeepingBest(items, 500, seed: 3, best: 50, t => t.Objective, minimize: true, t => t.Stratum);
        Assert.Equal(500, a.Count);
        Assert.Equal(a.Count, a.Distinct().Count());
        Assert.Equal(a.OrderBy(t => t.Index), a);
        var fifty = items.OrderBy(t => t.Objective).Take(50);
        Assert.All(fifty, t => Assert.Contains(t, a));
        Assert.Contains(items.Where(t => t.Stratum == "b").MinBy(t => t.Objective), a);
        Assert.Equal(a, ChartSampling.KeepingBest(items, 500, seed: 3, best: 50, t => t.Objective, minimize: true, t => t.Stratum));
        Assert.NotEqual(a, ChartSampling.KeepingBest(items, 500, seed: 4, best: 50, t => t.Objective, minimize: true, t => t.Stratum));
        // Maximised: the 50 highest are kept instead.
        var high = ChartSampling.KeepingBest(items, 500, seed: 3, best: 50, t => t.Objective, minimize: false, t => t.Stratum);
        Assert.All(items.OrderByDescending(t => t.Objective).Take(50), t => Assert.Contains(t, high));
        Assert.Same(items, ChartSampling.KeepingBest(items, 10_000, seed: 3, best: 50, t => t.Objective, minimize: true, t => t.Stratum));
    }

    [Fact]
    public void Bars_across_the_objective_order_keep_the_best_first_and_reach_the_worst()
    {
        var ranked = Enumerable.Range(0, 10_000).ToList();
        var bars = ChartSampling.AcrossOrder(ranked, 150, best: 50);
        Assert.Equal(150, bars.Count);
        Assert.Equal(Enumerable.Range(0, 50), bars.Take(50));
        Assert.Equal(9_999, bars[^1]);
        Assert.Equal(bars.Order(), bars);
        // The spread part is even: gaps between consecutive bars after the best differ by at most one.
        var gaps = bars.Skip(50).Zip(bars.Skip(51), (x, y) => y - x).ToList();
        Assert.InRange(gaps.Max() - gaps.Min(), 0, 1);
        Assert.Same(ranked, ChartSampling.AcrossOrder(ranked, 10_000, best: 50));
    }

    [Fact]
    public void A_sampled_title_says_what_it_kept_on_a_second_line_and_a_whole_one_says_nothing()
    {
        Assert.Equal("Runs (showing 500 of 10,000 runs)<br><span style=\"font-size:11px\">the best</span>", ChartSampling.Title("Runs", 500, 10_000, "runs", "the best"));
        Assert.Equal("Runs", ChartSampling.Title("Runs", 20, 20, "runs", "the best"));
    }

    [Fact]
    public void A_figure_goes_to_plotly_js_with_its_own_attribute_names_and_trace_types()
    {
        var data = new List<Plotly.Blazor.ITrace>
        {
            new Plotly.Blazor.Traces.Scatter { Name = "rung a", Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers, X = [1, 2], Y = [0.5, 0.25] },
            new Plotly.Blazor.Traces.Bar { Name = "web", X = ["#1"], Y = [0.3] },
        };
        var layout = new Plotly.Blazor.Layout { BarMode = Plotly.Blazor.LayoutLib.BarModeEnum.Stack, HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.Closest };
        using var figure = System.Text.Json.JsonDocument.Parse(MixOpt.Web.Components.Charts.PlotlyFigure.Json(data, layout, new Plotly.Blazor.Config { DisplayLogo = false }));
        var json = figure.RootElement;
        var traces = json.GetProperty("data");
        Assert.Equal("scatter", traces[0].GetProperty("type").GetString());
        Assert.Equal("markers", traces[0].GetProperty("mode").GetString());
        Assert.Equal(2, traces[0].GetProperty("x").GetArrayLength());
        Assert.Equal("bar", traces[1].GetProperty("type").GetString());
        Assert.Equal("stack", json.GetProperty("layout").GetProperty("barmode").GetString());
        Assert.Equal("closest", json.GetProperty("layout").GetProperty("hovermode").GetString());
        Assert.False(json.GetProperty("config").GetProperty("displaylogo").GetBoolean());
        Assert.False(json.GetProperty("layout").TryGetProperty("title", out _)); // nulls are left out
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

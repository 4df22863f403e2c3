using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Ledger.Recommendations;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The recommendation over time on the best-so-far plot: a seeded simulated study runs to completion, the study grain
/// writes its recommendation history (checkpoints and the final one), and the plot's band has one point per row.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardRecommendationBandTests
{
    [Fact]
    public async Task The_best_so_far_plot_draws_the_recommendation_band_with_one_point_per_history_row()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("dashboard-band", runs: 16, seed: 18, parallelism: 2, domains: 3));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        await Eventually.Until(() => host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}"), s => s.Status == StudyStatus.Completed,
            TimeSpan.FromSeconds(90), "the study to complete");

        // Written by the study grain: checkpoints every few results, then the final recommendation; finite throughout.
        var rows = await host.Services.GetRequiredService<RecommendationHistoryLedger>().ReadAsync(created.Id, max: 1_000);
        Assert.True(rows.Count >= 2, $"{rows.Count} history rows");
        Assert.True(rows[^1].Final);
        Assert.Equal(16, rows[^1].Observations);
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Predicted) && double.IsFinite(r.StdDev) && r.StdDev >= 0 && r.Cost > 0));
        Assert.Equal(rows.Select(r => r.Observations).Order().Distinct(), rows.Select(r => r.Observations));

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await DashboardPlotTests.SignInAsync(page, host);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{created.Id}").ToString());

            var traces = await DashboardPlotTests.TracesAsync(page, "chart-progress");
            var predicted = Assert.Single(traces, t => t.Name == "recommended, predicted");
            Assert.Equal(rows.Count, predicted.Points);
            var band = Assert.Single(traces, t => t.Name == "recommended ± 2σ");
            Assert.Equal(2 * rows.Count, band.Points);   // the lower edge out, the upper edge back
            Assert.Equal("overlay", band.Meta);
            // Every result is still a point of the plot (a small study is drawn whole).
            Assert.Equal(16, traces.Where(t => t.Meta != "overlay").Sum(t => t.Points));
            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}

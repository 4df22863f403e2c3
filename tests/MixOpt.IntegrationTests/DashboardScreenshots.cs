using System.Net.Http.Json;
using Microsoft.Playwright;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Regenerates docs/screenshots/*.png, one per dashboard page, from seeded studies: run docs/screenshots/make.sh
/// (MIXOPT_SCREENSHOTS=1). Skipped in the ordinary test run, since it writes into the repository.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardScreenshots
{
    [OptInFact("MIXOPT_SCREENSHOTS")]
    public async Task Every_dashboard_page_is_photographed_into_docs_screenshots()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);

        // Default strategy vs random on one simulated oracle at the same budget (the demo's comparison), three domains.
        string[] names = ["web", "code", "books"];
        var ids = new List<Guid>();
        foreach (var strategy in new[] { "auto", "random" })
        {
            var body = new
            {
                name = $"three domains ({strategy})", domains = names.Select(n => new { name = n }).ToArray(),
                budget = new { runs = 30, parallelism = 2 }, strategy, seed = 11, simulator = new { runSeconds = 0.05 },
            };
            var response = await host.Http.PostAsJsonAsync("/api/studies", body);
            ids.Add((await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!.Id);
        }
        foreach (var id in ids)
            await Eventually.Until(() => host.GetJsonAsync<StudyDetailsView>($"/api/studies/{id}"), s => s.Status.IsFinished(), TimeSpan.FromMinutes(3), "the study to finish");

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 } })).NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await DashboardPlotTests.SignInAsync(page, host);

            async Task Shot(string path, string name, string? chart = null)
            {
                await page.GotoAsync(new Uri(host.Address, path).ToString());
                if (chart == "chart-parcoords") await DashboardPlotTests.DrawEveryPlotAsync(page); // those below the fold are drawn when scrolled to
                if (chart == "chart-parcoords") await DashboardPlotTests.ShowParallelCoordinatesAsync(page); // drawn on request here
                if (chart is not null) await DashboardPlotTests.TracesAsync(page, chart);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await page.WaitForTimeoutAsync(1_000); // plotly's transitions
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
            }

            await Shot("/", "studies.png");
            await Shot($"/studies/{ids[0]}", "study.png", "chart-parcoords");
            await Shot($"/studies/{ids[0]}/runs/0", "run.png"); // simulated runs store a loss curve only when worth it
            await Shot($"/compare?studies={ids[0]},{ids[1]}", "compare.png", "chart-compare");
            await Shot("/studies/new", "new-study.png");
            await Shot("/workers", "workers.png");

            // The CSV import with a previewed table (an external study, so it is still open for runs).
            var open = await host.Client.CreateStudyAsync(ExternalStudies.Spec("past runs to import", runs: 40, parallelism: 1));
            await page.GotoAsync(new Uri(host.Address, $"/studies/{open.Id}/import").ToString());
            await page.Locator("#run-import[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
            await DashboardImportTests.UploadAsync(page, "past-runs.csv", DashboardImportTests.Csv(DashboardImportTests.GoodRows(6)));
            await page.Locator("#import-preview").WaitForAsync(new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "import.png"), FullPage = true });

            Assert.Empty(errors);
            foreach (var name in new[] { "studies", "study", "run", "compare", "new-study", "workers", "import" })
                Assert.True(new FileInfo(Path.Combine(folder, name + ".png")).Length > 10_000, $"{name}.png is empty");
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}

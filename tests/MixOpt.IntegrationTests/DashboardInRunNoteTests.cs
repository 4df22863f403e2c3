using Microsoft.Playwright;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>The run page of an external aioli run whose trainer never posted a round shows the fallback note, in Chromium.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardInRunNoteTests
{
    [Fact]
    public async Task The_run_page_says_that_an_external_aioli_run_kept_its_starting_proportions()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var client = host.Client;
        var study = await client.CreateStudyAsync(new
        {
            name = "aioli-silent-page",
            domains = ExternalStudies.Domains.Select(d => new { name = d }).ToArray(),
            budget = new { runs = 1, parallelism = 1 },
            strategy = "aioli",
            executor = "external",
            seed = 2,
        });
        var lease = await Eventually.Until(() => client.LeaseAsync(study.Id, "silent-trainer"), l => l is not null, TimeSpan.FromSeconds(30), "a run to lease");
        await client.ReportAsync(lease!, ExternalStudies.Domains.ToDictionary(d => "loss:" + d, _ => 3.0), seconds: 1);

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            await DashboardPlotTests.SignInAsync(page, host);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}/runs/{lease!.Ordinal}").ToString());
            await Assertions.Expect(page.Locator("#run-in-run")).ToContainTextAsync("never posted an in-run round");
            await Assertions.Expect(page.Locator("#run-in-run")).ToContainTextAsync("aioli: 0 round(s) recorded");
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}

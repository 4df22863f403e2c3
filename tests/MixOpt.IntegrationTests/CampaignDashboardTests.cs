using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>The dashboard's campaigns pages in a real browser: listed, next firings in the campaign's zone, history linking the study.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class CampaignDashboardTests
{
    [Fact]
    public async Task The_campaigns_page_lists_a_campaign_and_its_page_links_each_firing_to_its_study()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        using var created = await host.Http.PostAsJsonAsync("/api/campaigns", new
        {
            name = "dashboard campaign",
            schedule = new { cron = "0 0 9 * * MON", timeZone = "Asia/Kolkata" },
            action = new { kind = "newStudy" },
            template = StudyBodies.Simulated("dashboard campaign study", runs: 4, seed: 5, runSeconds: 0.02, domains: 3),
        });
        var campaign = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = campaign.GetProperty("id").GetString()!;
        using var fired = await host.Http.PostAsync($"/api/campaigns/{id}/trigger", null);
        var studyId = JsonDocument.Parse(await fired.Content.ReadAsStringAsync()).RootElement.GetProperty("studyId").GetString()!;

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync(new Uri(host.Address, "/campaigns").ToString());
            await page.WaitForURLAsync("**/login**");
            await page.FillAsync("#apiKey", MixOptTestHost.BootstrapKey);
            await page.ClickAsync("#sign-in");
            await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
            await page.GotoAsync(new Uri(host.Address, "/campaigns").ToString());
            var link = page.Locator("#campaigns-table a.campaign-link", new() { HasText = "dashboard campaign" });
            await link.WaitForAsync(new() { Timeout = 30_000 });
            await link.ClickAsync();
            await page.WaitForURLAsync($"**/campaigns/{id}");
            // Next firings in the campaign's own zone: Mondays at 09:00 India time (+05:30).
            var next = page.Locator("#next-firings li");
            await Assertions.Expect(next).ToHaveCountAsync(5, new() { Timeout = 30_000 });
            await Assertions.Expect(next.First).ToContainTextAsync("09:00:00 +05:30");
            // The manual firing's row links its study, and the page follows it to the end.
            var studyLink = page.Locator("#firings-table a.firing-study-link");
            await studyLink.WaitForAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#firings-table")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#campaign-state")).ToContainTextAsync("Active");
            Directory.CreateDirectory("screenshots");
            await page.ScreenshotAsync(new() { Path = Path.Combine("screenshots", "campaign-details.png"), FullPage = true });
            await studyLink.ClickAsync();
            await page.WaitForURLAsync($"**/studies/{studyId}");
            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}

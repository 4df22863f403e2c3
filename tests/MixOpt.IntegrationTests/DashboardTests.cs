using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>The MudBlazor dashboard in a real browser: studies listed, a study's runs and best mixture shown live.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class DashboardTests
{
    [Fact]
    public async Task The_dashboard_lists_a_study_and_shows_its_runs_and_best_mixture_live_until_it_completes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            // Signed out, the dashboard sends a person to the sign-in page; a pasted API key signs them in.
            await page.GotoAsync(host.Address.ToString());
            await page.WaitForURLAsync("**/login**");
            await page.FillAsync("#apiKey", "not-a-key");
            await page.ClickAsync("#sign-in");
            await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("malformed");
            await page.FillAsync("#apiKey", MixOptTestHost.BootstrapKey);
            await page.ClickAsync("#sign-in");
            // The page is open before the study exists: the list must pick it up by itself.
            await page.Locator("text=No studies yet").WaitForAsync(new() { Timeout = 30_000 });
            var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("dashboard-live", runs: 16, seed: 21, runSeconds: 1.5, parallelism: 1));
            var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;

            var link = page.Locator("#studies-table a.study-link", new() { HasText = "dashboard-live" });
            await link.WaitForAsync(new() { Timeout = 30_000 });

            await link.ClickAsync();
            await page.WaitForURLAsync($"**/studies/{created.Id}");
            var progress = page.Locator("#run-progress");
            await progress.WaitForAsync(new() { Timeout = 30_000 });
            var early = SucceededCount(await progress.InnerTextAsync());
            Assert.True(early < 16, $"the study had already finished when the page opened ({early} runs)");

            // No reload: the page refreshes itself from the ledger while the study runs.
            await Assertions.Expect(progress).ToContainTextAsync("16 succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator(".mud-chip", new() { HasText = "Completed" }).First).ToBeVisibleAsync(new() { Timeout = 10_000 });

            var study = await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}");
            var best = page.Locator("#best-mixture");
            foreach (var (domain, weight) in study.Best!.Weights)
                await Assertions.Expect(best).ToContainTextAsync(domain);
            // The runs table is paged by the server and reloaded when a run finishes, so it may lag the header by a tick.
            await Assertions.Expect(page.Locator("#runs-table tbody tr")).ToHaveCountAsync(16);
            await Assertions.Expect(page.Locator("#recommendation")).ToContainTextAsync("Recommended mixture (random)");
            Assert.Equal(study.Recommendation!.Surrogates!.Count, await page.Locator("#surrogate-table tbody tr").CountAsync());

            Assert.Empty(errors);
            Directory.CreateDirectory("screenshots");
            await page.ScreenshotAsync(new() { Path = Path.Combine("screenshots", "study-details.png"), FullPage = true });
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static int SucceededCount(string text) => int.Parse(SucceededPattern().Match(text).Groups[1].Value);

    [GeneratedRegex(@"(\d+) succeeded")]
    private static partial Regex SucceededPattern();
}

using System.Net.Http.Json;
using Microsoft.Playwright;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>Steering a study from its page: the controls only for keys that may write, and the server checking again.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardSteeringTests
{
    [Fact]
    public async Task A_read_scope_session_sees_no_controls_and_its_forged_write_gets_403_while_a_writer_pauses_resumes_extends_and_cancels()
    {
        // Two cores shared by many test hosts: a circuit can take seconds to answer.
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("dashboard-steer", runs: 40, seed: 5, runSeconds: 2, parallelism: 1));
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        var reader = await host.Client.CreateKeyAsync("dashboard-reader", ["read"]);

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            // A reader: the page shows the study but no control, and a write sent with its session cookie is refused.
            var readerPage = await (await browser.NewContextAsync()).NewPageAsync();
            await DashboardPlotTests.SignInAsync(readerPage, host, reader.Key);
            await readerPage.GotoAsync(new Uri(host.Address, $"/studies/{created.Id}").ToString());
            await readerPage.Locator("#run-progress").WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(0, await readerPage.Locator("#study-controls").CountAsync());
            var forged = await readerPage.EvaluateAsync<int>(
                "id => fetch(`/api/studies/${id}/pause`, { method: 'POST' }).then(r => r.status)", created.Id.ToString());
            Assert.Equal(403, forged);
            Assert.NotEqual(StudyStatus.Paused, (await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}")).Status);

            // A writer (the bootstrap admin key): every control changes the study as the REST API reports it.
            var page = await (await browser.NewContextAsync()).NewPageAsync();
            await DashboardPlotTests.SignInAsync(page, host);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{created.Id}").ToString());
            await page.Locator("#study-controls[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });

            await page.ClickAsync("#pause-study");
            await StatusIs(host, created.Id, StudyStatus.Paused);
            await Assertions.Expect(page.Locator(".status-chip")).ToHaveTextAsync("Paused", new() { Timeout = 30_000 });

            await page.ClickAsync("#resume-study");
            await StatusIs(host, created.Id, StudyStatus.Running);

            await page.Locator(".extend-runs input").FillAsync("55");
            await page.Locator(".extend-runs input").BlurAsync();
            await page.ClickAsync("#extend-study");
            await Assertions.Expect(page.Locator("#steering-message")).ToHaveTextAsync("Run budget set to 55.", new() { Timeout = 30_000 });
            Assert.Equal(55, (await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}")).Spec.Budget.Runs);

            await page.ClickAsync("#cancel-study");
            await page.Locator(".mud-dialog button", new() { HasText = "Cancel study" }).ClickAsync(new() { Timeout = 30_000 });
            await StatusIs(host, created.Id, StudyStatus.Cancelled);
            await Assertions.Expect(page.Locator(".status-chip")).ToHaveTextAsync("Cancelled", new() { Timeout = 30_000 });
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static Task StatusIs(MixOptTestHost host, Guid id, StudyStatus status) =>
        Eventually.Until(() => host.GetJsonAsync<StudyDetailsView>($"/api/studies/{id}"), s => s.Status == status, TimeSpan.FromSeconds(60), $"study {status}");
}

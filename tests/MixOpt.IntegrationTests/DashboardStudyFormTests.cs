using Microsoft.Playwright;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>New studies from the dashboard: the form and the YAML editor, the REST validator's errors at their field, nothing written on error.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardStudyFormTests
{
    [Fact]
    public async Task A_study_is_created_from_the_form_and_from_yaml_and_an_invalid_one_shows_its_field_error_and_writes_nothing()
    {
        // Two cores shared by many test hosts: a circuit can take seconds to answer.
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await DashboardPlotTests.SignInAsync(page, host);

            // The form without a name: the validator's "name" error under the name field, and no study.
            await page.GotoAsync(new Uri(host.Address, "/studies/new").ToString());
            await page.Locator("#new-study[data-ready=true]").WaitForAsync();
            await page.ClickAsync("#submit-form");
            var nameField = page.Locator(".field-name");
            await Assertions.Expect(nameField.Locator(".mud-input-helper-text")).ToContainTextAsync("Name is required", new() { Timeout = 10_000 });
            Assert.Empty(await StudiesAsync(host));

            // Filled in, it is created and the browser goes to its page.
            await nameField.Locator("input").FillAsync("from the form");
            await nameField.Locator("input").BlurAsync();
            await page.ClickAsync("#submit-form");
            await page.WaitForURLAsync("**/studies/*-*");
            var created = Assert.Single(await StudiesAsync(host));
            Assert.Equal("from the form", created.Name);
            var details = await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{created.Id}");
            Assert.Equal(["web", "code", "books"], details.Domains);

            // The editor: a bad member is named by its path, and nothing is written.
            await page.GotoAsync(new Uri(host.Address, "/studies/new").ToString());
            await page.Locator("#new-study[data-ready=true]").WaitForAsync();
            await page.Locator(".mud-tab", new() { HasText = "YAML / JSON" }).ClickAsync();
            var editor = page.Locator(".spec-editor textarea");
            await editor.FillAsync(Yaml("from yaml", parallelism: 0));
            await editor.BlurAsync();
            await page.ClickAsync("#submit-editor");
            await Assertions.Expect(page.Locator("#spec-errors")).ToContainTextAsync("budget.parallelism", new() { Timeout = 10_000 });
            Assert.Single(await StudiesAsync(host));

            await editor.FillAsync(Yaml("from yaml", parallelism: 2));
            await editor.BlurAsync();
            await page.ClickAsync("#submit-editor");
            await page.WaitForURLAsync("**/studies/*-*");
            Assert.Contains(await StudiesAsync(host), s => s.Name == "from yaml");

            // Clone: the editor opens with the study's spec under a new name.
            await page.GotoAsync(new Uri(host.Address, $"/studies/new?from={created.Id}").ToString());
            await page.Locator("#new-study[data-ready=true]").WaitForAsync();
            await Assertions.Expect(page.Locator(".spec-editor textarea")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("from the form \\(copy\\)"));
            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static Task<List<StudySummaryView>> StudiesAsync(MixOptTestHost host) => host.GetJsonAsync<List<StudySummaryView>>("/api/studies");

    private static string Yaml(string name, int parallelism) => $"""
        name: {name}
        domains:
          - name: web
          - name: code
        budget:
          runs: 6
          parallelism: {parallelism}
        strategy: random
        seed: 4
        """;
}

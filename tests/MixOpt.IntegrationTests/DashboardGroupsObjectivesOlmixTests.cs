using Microsoft.Playwright;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Issue 20 through the dashboard in Chromium: a hierarchical (bucketed) study, a three-objective study and an olmix
/// study, each submitted on the New study page's YAML tab, then their pages: the recommendation per level, the
/// objectives in parallel coordinates with the Pareto set and its predictions, and olmix's recommendation. Bad groups
/// typed into the editor are named at their field and write nothing.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardGroupsObjectivesOlmixTests
{
    private const string Buckets = """
        name: buckets from yaml
        domains:
          - {name: code/q1, tokens: 100}
          - {name: code/q2, tokens: 100}
          - {name: web/q1, tokens: 100}
          - {name: web/q2, tokens: 100}
        groups:
          - {name: code, domains: [code/q1, code/q2], max: 0.4, shareMin: {code/q2: 0.6}}
          - {name: web, domains: [web/q1, web/q2]}
        budget: {runs: 8, parallelism: 4}
        strategy: random
        seed: 5
        simulator: {runSeconds: 0.02}
        """;

    private const string ThreeObjectives = """
        name: three objectives from yaml
        domains: [{name: web}, {name: code}, {name: books}]
        objectives: [{metric: "loss:web"}, {metric: "loss:code"}, {metric: "loss:books"}]
        budget: {runs: 10, parallelism: 2}
        strategy: mobo
        strategyOptions: {initialDesign: 4, candidates: 200}
        seed: 3
        simulator: {runSeconds: 0.02}
        """;

    private const string Olmix = """
        name: olmix from yaml
        domains: [{name: web, tokens: 5000000}, {name: code, tokens: 3000000}, {name: books, tokens: 2000000}]
        budget: {runs: 10, parallelism: 4}
        strategy: olmix
        strategyOptions: {initialDesign: 6, klWeight: 0.1}
        seed: 4
        simulator: {runSeconds: 0.02}
        """;

    [Fact]
    public async Task Hierarchical_three_objective_and_olmix_studies_are_submitted_as_yaml_and_their_pages_show_levels_front_and_recommendation()
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

            // Groups that leave web/q2 out do not partition the domains: the validator names "groups", nothing is written.
            var editor = await OpenEditorAsync(page, host);
            await editor.FillAsync(Buckets.Replace("domains: [web/q1, web/q2]", "domains: [web/q1]"));
            await editor.BlurAsync();
            await page.ClickAsync("#submit-editor");
            await Assertions.Expect(page.Locator("#spec-errors")).ToContainTextAsync("groups", new() { Timeout = 10_000 });
            Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM studies"));

            var buckets = await SubmitAsync(page, host, Buckets);
            var three = await SubmitAsync(page, host, ThreeObjectives);
            var olmix = await SubmitAsync(page, host, Olmix);
            Assert.Equal(3L, await db.CountAsync("SELECT count(*) FROM studies"));

            // The bucketed study: one row per group of the REST recommendation's levels, with its total.
            var bucketStudy = await host.WaitUntilFinishedAsync(buckets, seconds: 180);
            Assert.Equal(StudyStatus.Completed, bucketStudy.Status);
            var levels = bucketStudy.Recommendation!.Levels!;
            await page.GotoAsync(new Uri(host.Address, $"/studies/{buckets}").ToString());
            var rows = page.Locator("#recommendation-levels .recommendation-level");
            await Assertions.Expect(rows).ToHaveCountAsync(levels.Count);
            for (var i = 0; i < levels.Count; i++)
            {
                await Assertions.Expect(rows.Nth(i)).ToContainTextAsync(levels[i].Group);
                await Assertions.Expect(rows.Nth(i)).ToContainTextAsync(levels[i].Total.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
            }

            // Three objectives: parallel coordinates with one axis per objective and one line per run of the REST front
            // (front and dominated), and the recommended Pareto set with a predicted value ± sd per objective.
            var threeStudy = await host.WaitUntilFinishedAsync(three, seconds: 300);
            Assert.Equal(StudyStatus.Completed, threeStudy.Status);
            var front = await host.GetJsonAsync<StudyFrontView>($"/api/studies/{three}/front");
            await page.GotoAsync(new Uri(host.Address, $"/studies/{three}").ToString());
            var parcoords = Assert.Single(await DashboardPlotTests.TracesAsync(page, "chart-pareto-front"));
            Assert.Equal(3, parcoords.Dimensions);
            Assert.Equal(front.Front.Count + front.Dominated.Count, parcoords.Points);
            var recommended = threeStudy.Recommendation!.Front!;
            var points = page.Locator("#recommendation-front .recommendation-front-point");
            await Assertions.Expect(points).ToHaveCountAsync(recommended.Count);
            var first = recommended[0];
            await Assertions.Expect(points.First).ToContainTextAsync(
                $"{first.Predicted["loss:web"].ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)} ± {first.StdDev["loss:web"].ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}");
            await Assertions.Expect(page.Locator("#recommendation-front thead")).ToContainTextAsync("loss:books");

            // olmix: the card names the strategy and shows its recommended mixture; a single-objective study draws no front.
            var olmixStudy = await host.WaitUntilFinishedAsync(olmix, seconds: 180);
            Assert.Equal(StudyStatus.Completed, olmixStudy.Status);
            Assert.StartsWith("olmix", olmixStudy.Recommendation!.Basis);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{olmix}").ToString());
            await Assertions.Expect(page.Locator("#recommendation")).ToContainTextAsync("Recommended mixture (olmix)");
            await Assertions.Expect(page.Locator("#recommendation")).ToContainTextAsync(olmixStudy.Recommendation.Basis);
            await Assertions.Expect(page.Locator("#pareto-front")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#recommendation-front")).ToHaveCountAsync(0);

            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static async Task<ILocator> OpenEditorAsync(IPage page, MixOptTestHost host)
    {
        await page.GotoAsync(new Uri(host.Address, "/studies/new").ToString());
        await page.Locator("#new-study[data-ready=true]").WaitForAsync();
        await page.Locator(".mud-tab", new() { HasText = "YAML / JSON" }).ClickAsync();
        return page.Locator(".spec-editor textarea");
    }

    /// <summary>Types the spec into the YAML tab, submits it and returns the id of the study page the browser lands on.</summary>
    private static async Task<Guid> SubmitAsync(IPage page, MixOptTestHost host, string yaml)
    {
        var editor = await OpenEditorAsync(page, host);
        await editor.FillAsync(yaml);
        await editor.BlurAsync();
        await page.ClickAsync("#submit-editor");
        await page.WaitForURLAsync("**/studies/*-*");
        return Guid.Parse(page.Url.TrimEnd('/').Split('/')[^1].Split('?')[0]);
    }
}

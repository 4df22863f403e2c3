using System.Net;
using System.Net.Http.Json;
using System.Text;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>A two-objective simulated study through REST, Orleans and the ledger: its front, recommendation and bad input (issue 20).</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class MultiObjectiveStudyTests
{
    private const string Domains = """[{"name":"web"},{"name":"code"},{"name":"books"}]""";

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_seeded_two_objective_study_shows_a_mutually_non_dominated_front_and_a_pareto_recommendation()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsync("/api/studies", Body($$$"""
            {"name":"two losses","domains":{{{Domains}}},"budget":{"runs":14,"parallelism":2},"strategy":"mobo","seed":5,
             "objectives":[{"metric":"loss:web","direction":"minimize"},{"metric":"loss:code","direction":"minimize"}],
             "strategyOptions":{"initialDesign":6},"simulator":{"runSeconds":0.02}}
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        Assert.Equal("loss:web", created.Spec.Objective.Metric); // the single objective is the first of them
        var study = await host.WaitUntilFinishedAsync(created.Id);
        Assert.Equal(StudyStatus.Completed, study.Status);

        var front = (await host.Http.GetFromJsonAsync<StudyFrontView>($"/api/studies/{created.Id}/front", Json.Options))!;
        Assert.Equal(["loss:web", "loss:code"], front.Objectives.Select(o => o.Metric));
        Assert.NotEmpty(front.Front);
        Assert.Equal(study.Runs.Count, front.Front.Count + front.Dominated.Count);
        double[] Point(FrontPointView p) => [p.Values["loss:web"], p.Values["loss:code"]];
        foreach (var a in front.Front)
            Assert.DoesNotContain(front.Front, b => ParetoFront.Dominates(Point(b), Point(a)));
        // Every dominated run is dominated by some front run, and the values are the runs' own metrics.
        foreach (var d in front.Dominated)
            Assert.Contains(front.Front, f => ParetoFront.Dominates(Point(f), Point(d)));
        var run = study.Runs.Single(r => r.Id == front.Front[0].RunId);
        Assert.Equal(run.Metrics!["loss:code"], front.Front[0].Values["loss:code"]);

        // The recommendation is the Pareto set with each point's prediction.
        Assert.NotNull(study.Recommendation?.Front);
        Assert.Equal(front.Front.Count, study.Recommendation!.Front!.Count);
        Assert.All(study.Recommendation.Front!, p => Assert.Equal(["loss:web", "loss:code"], p.Predicted.Keys));

        var csv = await host.Http.GetStringAsync($"/api/studies/{created.Id}/front?format=csv");
        var lines = csv.Trim().Split('\n');
        Assert.Equal("run,ordinal,front,w:web,w:code,w:books,m:loss:web,m:loss:code", lines[0]);
        Assert.Equal(study.Runs.Count, lines.Length - 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync($"/api/studies/{created.Id}/front?format=xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/studies/{Guid.NewGuid()}/front")).StatusCode);

        // The study page's front plot: its "Pareto front" trace has as many points as the REST front, the rest beside it.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await DashboardPlotTests.SignInAsync(page, host);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{created.Id}").ToString());
            var traces = await DashboardPlotTests.TracesAsync(page, "chart-pareto-front");
            Assert.Equal(front.Front.Count, traces.Single(t => t.Name == "Pareto front").Points);
            Assert.Equal(front.Dominated.Count, traces.Single(t => t.Name == "dominated runs").Points);
            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """[{"metric":"loss:web"},{"metric":"loss:nowhere"}]""", "objectives[1].metric" },
        { """[{"metric":"loss:web"},{"metric":"loss:web"}]""", "objectives[1].metric" },
        { "[" + string.Join(",", Enumerable.Range(0, 9).Select(i => $$"""{"metric":"m{{i}}"}""")) + "]", "objectives" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_objectives_get_400_naming_them_and_nothing_is_written(string objectives, string key)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var executor = key == "objectives" ? "external" : "simulated";
        var response = await host.Http.PostAsync("/api/studies", Body($$$"""{"name":"bad","domains":{{{Domains}}},"budget":{"runs":4},"executor":"{{{executor}}}","objectives":""" + objectives + "}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{key}\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM studies"));
    }

    [Fact]
    public async Task A_trade_off_no_mixture_can_meet_is_refused_at_submit()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsync("/api/studies", Body($$$"""
            {"name":"impossible","domains":{{{Domains}}},"budget":{"runs":4},
             "objectives":[{"metric":"loss:web"},{"metric":"loss:code"}],"tradeOff":{"constraints":["loss:code <= -5"]}}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("tradeOff.constraints[0]", text);
        Assert.Contains("No mixture can meet", text);
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM studies"));
    }
}

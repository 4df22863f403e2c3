using System.Text.Json;
using Microsoft.Playwright;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The study page's plots in Chromium, read back from plotly.js's own data on each chart's element: a seeded external
/// study (3 domains, 2 rungs) with imported runs at both rungs, results reported with loss curves and one run that
/// failed for good, so every plot has a known number of points.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardPlotTests
{
    private static readonly Dictionary<string, double>[] Imported =
    [
        new() { ["web"] = 0.6, ["code"] = 0.2, ["books"] = 0.2 },
        new() { ["web"] = 0.2, ["code"] = 0.6, ["books"] = 0.2 },
        new() { ["web"] = 0.3, ["code"] = 0.3, ["books"] = 0.4 },
        new() { ["web"] = 0.1, ["code"] = 0.1, ["books"] = 0.8 },
    ];

    [Fact]
    public async Task Every_plot_of_the_study_page_has_one_point_per_run_and_the_run_page_shows_attempts_and_loss_curve()
    {
        // Two cores shared by many test hosts: a circuit can take seconds to answer.
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var client = host.Client;
        var study = await client.CreateStudyAsync(ExternalStudies.Spec("dashboard-plots", runs: 20, parallelism: 1));

        // Four mixtures made before at both rungs: four pairs for the transfer plot.
        foreach (var mixture in Imported)
            foreach (var fidelity in new[] { 0.25, 1.0 })
                await client.RecordRunAsync(study.Id, mixture, ExternalStudies.Losses(mixture, fidelity), fidelity);

        // The first leased run fails on every attempt; the next three report results with loss curves.
        var failedOrdinal = -1;
        for (var attempt = 0; attempt < 10 && failedOrdinal < 0; attempt++)
        {
            var lease = await Eventually.Until(() => client.LeaseAsync(study.Id, "plot-trainer"), l => l is not null, TimeSpan.FromSeconds(30), "a run to lease");
            if (await client.ReportFailureAsync(lease!, "out of memory") == "Failed") failedOrdinal = lease!.Ordinal;
        }
        Assert.True(failedOrdinal >= 0, "the run never failed for good");
        double[] curve = [9.0, 6.5, 4.8, 3.9, 3.4];
        var reported = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var lease = await Eventually.Until(() => client.LeaseAsync(study.Id, "plot-trainer"), l => l is not null, TimeSpan.FromSeconds(30), "a run to lease");
            await client.ReportAsync(lease!, ExternalStudies.Losses(lease!.Mixture, lease.Fidelity), seconds: 1, lossCurve: curve);
            reported.Add(lease.Ordinal);
        }

        var details = await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{study.Id}");
        var succeeded = details.Runs.Where(r => r.State == RunState.Succeeded).ToList();
        var failed = details.Runs.Count(r => r.State == RunState.Failed);
        Assert.Equal(Imported.Length * 2 + 3, succeeded.Count);
        Assert.Equal(1, failed);
        // Mixtures run at both rungs, as the server should pair them (imported pairs plus any repeat of the strategy).
        var pairs = succeeded.GroupBy(r => string.Join(",", details.Domains.Select(d => Math.Round(r.Mixture[d], 9))))
            .Count(g => g.Select(r => r.Fidelity).Distinct().Count() == 2);

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await SignInAsync(page, host);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}").ToString());

            // The recommendation (if the strategy makes one) is the first bar of the mixtures plot.
            var mixtures = await TracesAsync(page, "chart-mixtures");
            var recommended = mixtures[0].FirstLabel == "recommended" ? 1 : 0;
            Assert.Equal(3, mixtures.Count);
            Assert.All(mixtures, t => Assert.Equal(succeeded.Count + recommended, t.Points));

            Assert.Equal(succeeded.Count, Points(await TracesAsync(page, "chart-progress")));
            Assert.Equal(succeeded.Count + failed, Points(await TracesAsync(page, "chart-objective-order")));
            Assert.Contains(await TracesAsync(page, "chart-objective-order"), t => t.Name == "failed" && t.Points == failed);
            Assert.Equal(succeeded.Count, Points(await TracesAsync(page, "chart-objective-cost")));
            // Drawn on request here (the tests' Chromium renders WebGL in software, wwwroot/js/webgl-plots.js): not
            // drawn until asked, then drawn with every line.
            Assert.Null(await page.EvaluateAsync<string?>("() => document.getElementById('chart-parcoords')._fullLayout ? 'drawn' : null"));
            await ShowParallelCoordinatesAsync(page);
            var parcoords = Assert.Single(await TracesAsync(page, "chart-parcoords"));
            Assert.Equal(succeeded.Count, parcoords.Points);
            Assert.Equal(4, parcoords.Dimensions);           // three domain weights and the objective
            Assert.Equal(succeeded.Count, Points(await TracesAsync(page, "chart-ternary")));
            var transfer = Assert.Single(await TracesAsync(page, "chart-transfer"));
            Assert.Equal(pairs, transfer.Points);
            Assert.StartsWith("small → target (Spearman ", transfer.Name);

            // Predicted vs actual: every surrogate that could be cross-validated predicts every succeeded run once.
            await page.ClickAsync("#show-surrogate-fits");
            var fits = (await TracesAsync(page, "chart-surrogates")).Where(t => t.Meta != "overlay").ToList();
            Assert.NotEmpty(fits);
            Assert.All(fits, t => Assert.Equal(succeeded.Count, t.Points));

            // Server-side paging: every run on the first page of 25 and counted in the pager (the study may have queued
            // its next run since the API was read, hence the range).
            var rows = await page.Locator("#runs-table tbody tr").CountAsync();
            Assert.InRange(rows, details.Runs.Count, details.Runs.Count + 1);
            await Assertions.Expect(page.Locator("#runs-table .mud-table-pagination")).ToContainTextAsync($"of {rows}");
            // Sorting by objective happens in the database: the first row is the best run.
            await page.Locator("#runs-table .mud-table-sort-label", new() { HasText = "Objective" }).ClickAsync();
            var best = succeeded.Min(r => r.Objective!.Value).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator("#runs-table tbody tr").First.Locator(".run-objective")).ToHaveTextAsync(best);

            // The failed run's page lists each attempt and why it ended; a reported run's page draws its loss curve.
            await page.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}/runs/{failedOrdinal}").ToString());
            var failedRun = details.Runs.Single(r => r.Ordinal == failedOrdinal);
            await Assertions.Expect(page.Locator("#run-attempts tbody tr")).ToHaveCountAsync(failedRun.Attempts);
            await Assertions.Expect(page.Locator("#run-attempts")).ToContainTextAsync("out of memory");
            await Assertions.Expect(page.Locator("#no-loss-curve")).ToBeVisibleAsync();
            await page.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}/runs/{reported[0]}").ToString());
            var loss = Assert.Single(await TracesAsync(page, "chart-loss-curve"));
            Assert.Equal(curve.Length, loss.Points);
            await Assertions.Expect(page.Locator("#run-domains tbody tr")).ToHaveCountAsync(3);

            Assert.Empty(errors);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    internal static async Task SignInAsync(IPage page, MixOptTestHost host, string? key = null)
    {
        await page.GotoAsync(new Uri(host.Address, "/login").ToString());
        await page.FillAsync("#apiKey", key ?? MixOptTestHost.BootstrapKey);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
    }

    internal sealed record Trace(string? Name, string? Meta, int Points, int Dimensions, string? FirstLabel);

    private static int Points(IEnumerable<Trace> traces) => traces.Where(t => t.Meta != "overlay").Sum(t => t.Points);

    /// <summary>
    /// Asks for the parallel-coordinates plot, which a browser with software WebGL draws only on request (its button);
    /// one with hardware WebGL draws it when in view, so there may be no button to click.
    /// </summary>
    internal static async Task ShowParallelCoordinatesAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getElementById('show-chart-parcoords') || document.getElementById('chart-parcoords')?._fullLayout");
        var button = page.Locator("#show-chart-parcoords");
        if (await button.CountAsync() > 0 && await button.IsEnabledAsync()) await button.ClickAsync();
    }

    /// <summary>
    /// Scrolls to each plot of the study page (so a page that drew plots below the fold only when scrolled to is still
    /// photographed whole) and waits until the SVG
    /// ones are drawn (the parallel-coordinates plot is asked for with <see cref="ShowParallelCoordinatesAsync"/>).
    /// </summary>
    internal static async Task DrawEveryPlotAsync(IPage page)
    {
        foreach (var id in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#study-charts [id^=chart-]')].map(el => el.id)"))
        {
            if (id == "chart-parcoords") await page.Locator($"#{id}").ScrollIntoViewIfNeededAsync();
            else await page.WaitForFunctionAsync(ScrolledToAndDrawn, id);
        }
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
    }

    /// <summary>
    /// Whether the plot with this id is drawn; if not, scrolls to it (as a reader would: a plot is read where it is seen,
    /// and a page may draw one below the fold only when scrolled to). In the polled function, not a locator's scroll: a page may render a plot's element again (the run
    /// page does), and a scroll action on the element it found first then fails.
    /// </summary>
    internal const string ScrolledToAndDrawn = "id => { const el = document.getElementById(id); if (el && !el._fullLayout) el.scrollIntoView({ block: 'center' }); return !!el?._fullLayout; }";

    /// <summary>The traces plotly.js drew in the chart element (its <c>data</c>), once it has drawn some; scrolled to
    /// first (<see cref="ScrolledToAndDrawn"/>).</summary>
    internal static async Task<IReadOnlyList<Trace>> TracesAsync(IPage page, string id)
    {
        const string read = """
            id => {
              const el = document.getElementById(id);
              if (el && !el._fullLayout) el.scrollIntoView({ block: 'center' }); // as a reader would scroll to it
              if (!el || !Array.isArray(el.data) || el.data.length === 0) return null;
              return JSON.stringify(el.data.map(t => ({
                name: t.name ?? null, meta: typeof t.meta === 'string' ? t.meta : null,
                points: (t.x ?? t.a ?? (t.dimensions ? t.dimensions[0].values : []) ?? []).length,
                dimensions: t.dimensions ? t.dimensions.length : 0,
                firstLabel: Array.isArray(t.x) && t.x.length > 0 ? String(t.x[0]) : null })));
            }
            """;
        var handle = await page.WaitForFunctionAsync(read, id, new() { Timeout = 30_000 });
        var json = await handle.JsonValueAsync<string>();
        return JsonSerializer.Deserialize<List<Trace>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}

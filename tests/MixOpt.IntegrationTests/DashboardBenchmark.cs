using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;
using Xunit.Abstractions;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The dashboard's figure (a benchmark, not a timed test: it asserts what the page shows, and prints the times):
/// a study of 10,000 finished runs, time until its page is interactive in Chromium and server memory per open page.
/// Run with docs/bench/dashboard.sh (MIXOPT_BENCH_DASHBOARD=1).
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardBenchmark(ITestOutputHelper output)
{
    private const int Runs = 10_000;
    private const int Circuits = 5;

    [OptInFact("MIXOPT_BENCH_DASHBOARD")]
    public async Task A_10000_run_study_page_time_to_interactive_and_server_memory_per_circuit()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var study = await host.Client.CreateStudyAsync(ExternalStudies.Spec("dashboard-bench", runs: 1, parallelism: 1));
        var random = new Random(18);
        for (var start = 0; start < Runs; start += 2_000)
        {
            var runs = Enumerable.Range(start, Math.Min(2_000, Runs - start)).Select(_ =>
            {
                var raw = ExternalStudies.Domains.Select(_ => random.NextDouble() + 1e-3).ToArray();
                var mixture = ExternalStudies.Domains.Select((d, i) => (d, w: raw[i] / raw.Sum())).ToDictionary(p => p.d, p => p.w);
                var fidelity = random.Next(2) == 0 ? 0.25 : 1.0;
                return new { mixture, fidelity, metrics = ExternalStudies.Losses(mixture, fidelity) };
            }).ToArray();
            var response = await host.Http.PostAsJsonAsync($"/api/studies/{study.Id}/import?format=json", new { runs });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var url = new Uri(host.Address, $"/studies/{study.Id}").ToString();

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            // Warm-up: the first page of a fresh host also pays for JIT and loading plotly.js once.
            var warm = await OpenAsync(browser, host, url);
            output.WriteLine($"first open (cold host): {warm.Seconds:0.00} s");

            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var (page, seconds) = await OpenAsync(browser, host, url);
                times.Add(seconds);
                await page.Context.CloseAsync();
            }

            // Server memory per circuit: managed heap after a full collection, before and after opening more pages.
            var before = HeapBytes();
            var pages = new List<IPage>();
            for (var i = 0; i < Circuits; i++) pages.Add((await OpenAsync(browser, host, url)).Page);
            await Task.Delay(2_000);      // let the circuits' first refresh ticks land
            var after = HeapBytes();
            var perCircuit = (after - before) / (double)Circuits / (1 << 20);

            var line = string.Create(CultureInfo.InvariantCulture,
                $"dashboard bench: {Runs} runs, time to interactive median {times.Order().ElementAt(times.Count / 2):0.00} s (runs {string.Join(", ", times.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))}), server managed memory per circuit {perCircuit:0.0} MB ({Circuits} circuits)");
            output.WriteLine(line);
            // xunit keeps a passing test's output to itself: the line also goes to a file docs/bench/dashboard.sh prints.
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "mixopt-dashboard-bench.txt"), $"first open (cold host): {warm.Seconds:0.00} s\n{line}\n");
            foreach (var page in pages) await page.Context.CloseAsync();
            await warm.Page.Context.CloseAsync();
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Opens the study page signed in and waits until it is interactive: every plot drawn, the runs table paged, a sort answered.</summary>
    private static async Task<(IPage Page, double Seconds)> OpenAsync(IBrowser browser, MixOptTestHost host, string url)
    {
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } })).NewPageAsync();
        await DashboardPlotTests.SignInAsync(page, host);
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync($"() => {{ const el = document.getElementById('chart-parcoords'); return el && el.data && el.data[0].dimensions[0].values.length === {Runs}; }}", null, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync($"() => {{ const el = document.getElementById('chart-progress'); return el && el.data && el.data.length > 0; }}", null, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#runs-table .mud-table-pagination")).ToContainTextAsync("of 10,00", new() { Timeout = 60_000 }); // the 10,000 imported runs and any the study has queued since
        // Interactive means the circuit answers: a sort by objective comes back from the server.
        await page.Locator("#runs-table .mud-table-sort-label", new() { HasText = "Objective" }).ClickAsync();
        await Assertions.Expect(page.Locator("#runs-table .mud-table-sort-label.mud-direction-asc, #runs-table .mud-table-sort-label .mud-direction-asc").First).ToBeAttachedAsync(new() { Timeout = 60_000 });
        return (page, clock.Elapsed.TotalSeconds);
    }

    private static long HeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Importing past runs from a CSV on the dashboard: preview, the REST import's errors at their line and column,
/// nothing written on error, and write scope checked by the server.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class DashboardImportTests
{
    private const string Header = "w:web,w:code,w:books,fidelity,m:loss:web,m:loss:code,m:loss:books";

    [Fact]
    public async Task A_good_csv_imports_every_row_a_bad_one_shows_its_line_and_column_and_writes_nothing_and_a_reader_gets_403()
    {
        // Two cores shared by many test hosts: a circuit can take seconds to answer.
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        // External: nothing trains, so the only results in the ledger are the imported ones.
        var study = await host.Client.CreateStudyAsync(ExternalStudies.Spec("dashboard-import", runs: 40, parallelism: 1));
        var reader = await host.Client.CreateKeyAsync("import-reader", ["read"]);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            // A reader: no upload on the page, and the import sent with its session cookie is refused.
            var readerPage = await (await browser.NewContextAsync()).NewPageAsync();
            await DashboardPlotTests.SignInAsync(readerPage, host, reader.Key);
            await readerPage.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}/import").ToString());
            await readerPage.Locator("#no-write-scope").WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(0, await readerPage.Locator("#import-file").CountAsync());
            var forged = await readerPage.EvaluateAsync<int>(
                "([id, csv]) => fetch(`/api/studies/${id}/import?format=csv`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv }).then(r => r.status)",
                new[] { study.Id.ToString(), Csv(GoodRows(2)) });
            Assert.Equal(403, forged);
            Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM run_results"));

            var page = await browser.NewPageAsync();
            var pageErrors = new List<string>();
            // Leaving the study page (here: for the import page) before its plots were drawn once threw "No DOM element with
            // id 'chart-…'" from Plotly.Blazor's queued draws; wwwroot/js/plotly-early.js skips a draw whose chart is gone,
            // so any page error fails this test.
            page.PageError += (_, e) => pageErrors.Add(e);
            await DashboardPlotTests.SignInAsync(page, host);
            await page.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}").ToString());
            await page.ClickAsync("#import-study-runs");
            await page.Locator("#run-import[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });

            // A good table: every row previewed, then imported and listed on the study's runs table.
            const int rows = 7;
            await UploadAsync(page, "past-runs.csv", Csv(GoodRows(rows)));
            await Assertions.Expect(page.Locator("#import-preview .import-row")).ToHaveCountAsync(rows);
            await Assertions.Expect(page.Locator("#import-runs")).ToBeEnabledAsync();
            await page.ClickAsync("#import-runs");
            await page.WaitForURLAsync($"**/studies/{study.Id}", new() { Timeout = 60_000 });
            Assert.Equal(rows, (await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{study.Id}")).RunsSucceeded);
            await Assertions.Expect(page.Locator("#run-progress")).ToContainTextAsync($"{rows} succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#runs-table tbody .run-state", new() { HasText = "Succeeded" })).ToHaveCountAsync(rows, new() { Timeout = 60_000 });
            var results = await db.CountAsync("SELECT count(*) FROM run_results");
            Assert.Equal(rows, results);

            // A row whose fidelity is no rung: the validator's error at that line and column, the button disabled, nothing written.
            await page.GotoAsync(new Uri(host.Address, $"/studies/{study.Id}/import").ToString());
            await page.Locator("#run-import[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
            var bad = GoodRows(4);
            bad[2] = bad[2] with { Fidelity = 0.5 };
            await UploadAsync(page, "bad-rung.csv", Csv(bad));
            var error = page.Locator("#import-errors .import-error");
            await Assertions.Expect(error).ToHaveCountAsync(1);
            await Assertions.Expect(error.Locator(".import-error-where")).ToHaveTextAsync("line 4, column fidelity");
            await Assertions.Expect(error).ToContainTextAsync("not a rung");
            await Assertions.Expect(page.Locator("#import-runs")).ToBeDisabledAsync();

            // A cell that is not a number: the parser's error names the file, line and column, as the REST import's does.
            await UploadAsync(page, "bad-cell.csv", Csv(GoodRows(3)).Replace("\n0.", "\nabc", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("#import-errors .import-error")).ToContainTextAsync("bad-cell.csv line 2, column 1 (w:web): 'abc");
            Assert.Equal(0, await page.Locator("#import-preview").CountAsync());
            Assert.Equal(results, await db.CountAsync("SELECT count(*) FROM run_results"));
            Assert.Equal(rows, (await host.GetJsonAsync<StudyDetailsView>($"/api/studies/{study.Id}")).RunsSucceeded);
            Assert.True(pageErrors.Count == 0, "errors in the page:\n" + string.Join("\n", pageErrors));
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    internal sealed record Row(double Web, double Code, double Books, double Fidelity);

    // Mixtures around the made-up landscape's optimum, at the target rung; losses from that landscape.
    internal static Row[] GoodRows(int count) => Enumerable.Range(0, count)
        .Select(i => { var web = 0.2 + 0.05 * i; return new Row(web, (1 - web) / 2, (1 - web) / 2, 1.0); }).ToArray();

    internal static string Csv(IEnumerable<Row> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            var losses = ExternalStudies.Losses(new Dictionary<string, double> { ["web"] = r.Web, ["code"] = r.Code, ["books"] = r.Books }, r.Fidelity);
            double[] cells = [r.Web, r.Code, r.Books, r.Fidelity, losses["loss:web"], losses["loss:code"], losses["loss:books"]];
            text.AppendJoin(',', cells.Select(c => c.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }
        return text.ToString();
    }

    internal static Task UploadAsync(IPage page, string name, string csv) =>
        page.SetInputFilesAsync("#import-file", new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
}

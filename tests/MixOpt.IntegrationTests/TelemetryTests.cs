using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MixOpt.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Telemetry and health of the real service: the Prometheus endpoint counts a study's runs exactly, needs the admin
/// scope, and reports strategy and REST timings; a REST request's trace continues through the grain into the ledger's
/// statements; the health endpoints answer without a key and name each dependency.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class TelemetryTests
{
    [Fact]
    public async Task Metrics_after_a_study_count_its_runs_exactly_and_need_the_admin_scope()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var before = Parse(await ScrapeAsync(host.Http));

        const int runs = 9;
        var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("metrics", runs, seed: 21, runSeconds: 0.01, parallelism: 3));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var study = await host.WaitUntilFinishedAsync(id);
        Assert.Equal("Completed", study.Status.ToString());

        // Counters move as transitions are made; the scrape may be served from the exporter's short cache.
        var text = await Eventually.Until(async () => await ScrapeAsync(host.Http),
            t => Delta(before, Parse(t), "mixopt_runs_succeeded_total") == runs, TimeSpan.FromSeconds(10), "the succeeded counter to reach the study's runs");
        var after = Parse(text);
        Assert.True(Delta(before, after, "mixopt_runs_queued_total") == runs, text);
        Assert.True(Delta(before, after, "mixopt_runs_leased_total", "via=\"slot\"") == runs, text);
        Assert.Equal(0, Delta(before, after, "mixopt_runs_leased_total", "via=\"external\""));
        Assert.Equal(0, Delta(before, after, "mixopt_runs_failed_total"));
        Assert.Equal(0, Delta(before, after, "mixopt_runs_expired_total"));
        Assert.True(Delta(before, after, "mixopt_runs_lease_age_seconds_count", "outcome=\"succeeded\"") == runs, text);
        Assert.True(Delta(before, after, "mixopt_strategy_proposal_duration_seconds_count", "strategy=\"random\"", "surrogate=\"auto\"") >= 1, text);
        // REST latency by route: the study's page was polled while it ran.
        Assert.True(Delta(before, after, "http_server_request_duration_seconds_count", "http_route=\"/api/studies/{id:guid}\"") >= 1, text);

        using var anonymous = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        var reader = (await host.Client.CreateKeyAsync("metrics-reader", ["write"])).Key;
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", reader);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_rest_request_is_traced_through_the_study_grain_into_the_ledger_statements()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "MixOpt.Tests" or "Microsoft.AspNetCore" or "Npgsql" || s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("MixOpt.Tests");

        await using var db = await TestDatabase.CreateAsync();
        // Traces are collected only when they are exported: an OTLP endpoint where nothing listens (exports fail quietly).
        await using var host = await MixOptTestHost.StartAsync(db, null, $"--Telemetry:OtlpEndpoint=http://127.0.0.1:{FreePort.Next()}");
        Assert.NotNull(host.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        ActivityTraceId trace;
        Guid id;
        using (var root = source.StartActivity("submit a study"))
        {
            Assert.NotNull(root);
            trace = root.TraceId;
            var response = await host.Http.PostAsJsonAsync("/api/studies", StudyBodies.Simulated("traced", 4, seed: 5, runSeconds: 0.01));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        await host.WaitUntilFinishedAsync(id);

        var spans = stopped.Where(a => a.TraceId == trace).ToList();
        var bySpan = spans.GroupBy(a => a.SpanId).ToDictionary(g => g.Key, g => g.First());
        IEnumerable<Activity> Ancestors(Activity a)
        {
            for (var p = a; bySpan.TryGetValue(p.ParentSpanId, out var parent); p = parent) yield return parent;
        }
        var described = string.Join("\n", spans.Select(a => $"{a.Source.Name}: {a.DisplayName}"));
        var request = spans.SingleOrDefault(a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.True(request is not null, "no ASP.NET Core span in the trace:\n" + described);
        // A ledger statement made by a grain called from the request: Npgsql span -> Orleans span -> request span.
        Assert.True(spans.Any(a => a.Source.Name == "Npgsql" && Ancestors(a).Any(p => p.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
            && Ancestors(p).Contains(request))), "no ledger statement under a grain call under the request:\n" + described);
    }

    [Fact]
    public async Task Health_live_and_ready_answer_without_a_key_and_name_each_dependency()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        using var anonymous = host.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var ready = await anonymous.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        foreach (var check in new[] { "ledger", "blobs", "orleans" })
            Assert.Equal("Healthy", report.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        Assert.Contains("Active", report.GetProperty("checks").GetProperty("orleans").GetProperty("description").GetString());
    }

    private static async Task<string> ScrapeAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>Prometheus text format: (metric name, label text, value) per sample line.</summary>
    private static List<(string Name, string Labels, double Value)> Parse(string text) =>
        text.Split('\n').Select(l => Sample().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))).ToList();

    /// <summary>How much the samples of <paramref name="name"/> having every one of <paramref name="labels"/> grew, summed.</summary>
    private static double Delta(List<(string Name, string Labels, double Value)> before, List<(string Name, string Labels, double Value)> after, string name, params string[] labels)
    {
        double Sum(List<(string Name, string Labels, double Value)> samples) =>
            samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);
        return Sum(after) - Sum(before);
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+\d+)?\s*$")]
    private static partial Regex Sample();
}

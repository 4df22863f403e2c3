using System.CommandLine;
using System.Globalization;
using MixOpt.Cli.Bench;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench api</c>: the REST API load test of issue 8. Lease + report cycles against one running host for a
/// bounded time and request count; prints throughput, latency quantiles, errors, and whether the ledger holds
/// exactly the acknowledged results.
/// </summary>
public static class BenchApiCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The MixOpt host (e.g. http://127.0.0.1:5080).", Required = true };
        var key = new Option<string>("--key") { Description = "An admin API key (the bench creates one write key per worker and revokes them after). Default: env MIXOPT_API_KEY.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MIXOPT_API_KEY") ?? "" };
        var seconds = new Option<int>("--seconds") { Description = "How long the cycles run (1-600).", DefaultValueFactory = _ => 60 };
        var workers = new Option<int>("--workers") { Description = "Concurrent trainers, one API key each (1-256). 12 keep both cores of a 2-core host busy while each key stays under the default per-key rate limit (see docs/BENCHMARKS.md).", DefaultValueFactory = _ => 12 };
        var maxRequests = new Option<long>("--max-requests") { Description = "Stop after this many requests even before the time is up.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the benchmark study.", DefaultValueFactory = _ => 1 };
        var command = new Command("api", "REST API load test: lease + report cycles against one host (issue 8 figures).") { url, key, seconds, workers, maxRequests, seed };
        command.SetAction(async (parse, ct) =>
        {
            var (s, w, m, sd) = (parse.GetValue(seconds), parse.GetValue(workers), parse.GetValue(maxRequests), parse.GetValue(seed));
            var apiKey = parse.GetValue(key)!;
            if (string.IsNullOrWhiteSpace(apiKey)) throw new CliException("no API key: pass --key or set MIXOPT_API_KEY.");
            if (s is < 1 or > 600 || w is < 1 or > 256 || m < 1) throw new CliException("--seconds must be 1-600, --workers 1-256 and --max-requests >= 1.");
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUri)) throw new CliException("--url must be an absolute URL.");

            // One connection pool for all workers, sized so no worker waits for a socket.
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = w * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
            var test = new ApiLoadTest(new MixOptClient(http, apiKey), k => new MixOptClient(http, k));
            Console.WriteLine($"bench api: {baseUri} · {w} workers · {s} s or {m:N0} requests · seed {sd}");
            var f = await test.RunAsync(new ApiLoadTest.Options(w, TimeSpan.FromSeconds(s), m, sd), ct);

            string Ms(double[] xs, double q) => xs.Length == 0 ? "-" : Quantiles.Of(xs, q).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine();
            Console.WriteLine("| requests | seconds | req/s | lease+report cycles/s | empty leases (204) | errors |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(FormattableString.Invariant($"| {f.Requests:N0} | {f.Seconds:0.0} | {f.Requests / f.Seconds:0} | {f.Reports / f.Seconds:0} | {f.Empty:N0} | {f.Errors} |"));
            Console.WriteLine();
            Console.WriteLine("| latency (ms) | p50 | p95 | p99 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, xs) in new[] { ("lease", f.LeaseMs), ("report", f.ReportMs), ("all", f.AllMs) })
                Console.WriteLine($"| {name} | {Ms(xs, 0.5)} | {Ms(xs, 0.95)} | {Ms(xs, 0.99)} | {Ms(xs, 1.0)} |");
            Console.WriteLine();
            var exact = f.LedgerSucceeded == f.Acknowledged;
            Console.WriteLine($"ledger: {f.LedgerSucceeded:N0} succeeded runs, {f.Acknowledged:N0} acknowledged results: {(exact ? "exactly the acknowledged results" : "MISMATCH")} (study {f.StudyId})");
            foreach (var e in f.ErrorSamples) Console.WriteLine($"error: {e}");
            var p99 = Quantiles.Of(f.AllMs, 0.99);
            var pass = f.Requests / f.Seconds >= 500 && p99 < 100 && f.Errors == 0 && exact;
            Console.WriteLine($"targets (>= 500 req/s, p99 < 100 ms, 0 errors, ledger = acknowledged): {(pass ? "met" : "NOT met")}");
            return pass ? 0 : 2;
        });
        return command;
    }
}

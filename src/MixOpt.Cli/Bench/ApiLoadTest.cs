using System.Diagnostics;
using System.Net;
using MixOpt.Client;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Lease + report cycles against one MixOpt host: a study with the external executor, <c>workers</c> concurrent
/// trainers (each with its own write key, as real trainers would have), each leasing a run, reporting made-up
/// losses for it (with an idempotency key) and leasing the next, until the time or request bound is reached.
/// Every request is timed; any non-success answer or exception is an error.
/// </summary>
public sealed class ApiLoadTest(MixOptClient admin, Func<string, MixOptClient> clientFor)
{
    public sealed record Options(int Workers, TimeSpan Duration, long MaxRequests, int Seed);

    public sealed record Figures(
        long Requests, double Seconds, long Leases, long Empty, long Reports, long Errors, IReadOnlyList<string> ErrorSamples,
        double[] LeaseMs, double[] ReportMs, double[] AllMs, Guid StudyId, int LedgerSucceeded, int Acknowledged);

    public async Task<Figures> RunAsync(Options options, CancellationToken ct)
    {
        var study = await admin.CreateStudyAsync(new
        {
            name = $"bench-api-{options.Seed}",
            domains = new[] { "web", "code", "books", "math" }.Select(d => new { name = d, tokens = 1_000_000 }),
            objective = new { metric = "loss:mean", direction = "minimize" },
            // Runs queued ahead per trainer: enough that trainers do not drain the queue between two proposal rounds.
            budget = new { runs = 100_000, parallelism = Math.Min(1024, options.Workers * 16) },
            strategy = "random",
            executor = "external",
            seed = options.Seed,
        }, ct);
        var keys = new List<CreatedApiKey>();
        for (var i = 0; i < options.Workers; i++) keys.Add(await admin.CreateKeyAsync($"bench-api-worker-{i}", ["write"], ct));
        try
        {
            var counters = new Counters();
            var stopwatch = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(options.Duration);
            var workers = keys.Select((k, i) => Task.Run(() => WorkerAsync(clientFor(k.Key), study.Id, $"bench-{i}", options.MaxRequests, counters, stop.Token))).ToArray();
            await Task.WhenAll(workers);
            var seconds = stopwatch.Elapsed.TotalSeconds;

            // Let the ledger settle (the last proposals) and compare what it holds with what was acknowledged.
            var ledger = await admin.GetStudyAsync(study.Id, ct);
            return new Figures(counters.Requests, seconds, counters.Leases, counters.Empty, counters.Reports, counters.Errors,
                counters.ErrorSamples.ToList(), counters.Lease.ToArray(), counters.Report.ToArray(), counters.Lease.Concat(counters.Report).ToArray(),
                study.Id, ledger.RunsSucceeded, (int)counters.Reports);
        }
        finally
        {
            foreach (var k in keys) await admin.RevokeKeyAsync(k.Id, CancellationToken.None);
            try { await admin.CancelAsync(study.Id, CancellationToken.None); } catch (MixOptApiException) { }
        }
    }

    private sealed class Counters
    {
        public long Requests, Leases, Empty, Reports, Errors;
        public readonly System.Collections.Concurrent.ConcurrentBag<double> Lease = [], Report = [];
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> ErrorSamples = new();
        public bool Take(long max) => Interlocked.Increment(ref Requests) <= max;
        public void Error(string what)
        {
            Interlocked.Increment(ref Errors);
            if (ErrorSamples.Count < 5) ErrorSamples.Enqueue(what);
        }
    }

    private static readonly TimeSpan EmptyLeaseWait = TimeSpan.FromMilliseconds(25);

    private static async Task WorkerAsync(MixOptClient client, Guid studyId, string worker, long max, Counters c, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!c.Take(max)) { Interlocked.Decrement(ref c.Requests); return; }
            RunLease? lease;
            var t = Stopwatch.GetTimestamp();
            try
            {
                lease = await client.LeaseAsync(studyId, worker, leaseSeconds: 300, CancellationToken.None);
                c.Lease.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            catch (Exception e) { c.Error("lease: " + e.Message); continue; }
            if (lease is null)
            {
                Interlocked.Increment(ref c.Empty);
                // Nothing queued: the study is still proposing. A trainer waits a moment instead of polling hot, which
                // would only spend its key's rate limit on 204s (on an idle machine a 5 ms wait ran keys into 429s).
                await Task.Delay(EmptyLeaseWait, CancellationToken.None);
                continue;
            }
            Interlocked.Increment(ref c.Leases);
            // A lease that was granted is always reported, even past the deadline, so no run is left hanging.
            Interlocked.Increment(ref c.Requests);
            t = Stopwatch.GetTimestamp();
            try
            {
                var metrics = lease.Mixture.ToDictionary(m => "loss:" + m.Key, m => 3.0 + (m.Value - 0.25) * (m.Value - 0.25));
                await client.ReportAsync(lease, metrics, seconds: 0.001, ct: CancellationToken.None);
                c.Report.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Interlocked.Increment(ref c.Reports);
            }
            catch (MixOptApiException e) when (e.Status != HttpStatusCode.TooManyRequests) { c.Error("report: " + e.Message); }
            catch (Exception e) { c.Error("report: " + e.Message); }
        }
    }
}

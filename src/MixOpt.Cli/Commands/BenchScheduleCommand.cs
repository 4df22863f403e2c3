using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MixOpt.Cli.Bench;
using MixOpt.Cli.Configuration;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Grains.Studies;
using MixOpt.Backend;
using Npgsql;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench schedule</c>: the cluster's scheduling path on this machine. A coordinating host silo (this process,
/// no slots) and two worker silos (child `mixopt worker` processes) on a fresh database; zero-cost simulated runs.
/// Measures queue → result-recorded overhead at low load, sustained throughput over a few long studies, CPU per run of
/// each process (host, workers, PostgreSQL, Azurite), and the failover time after kill -9 of a worker.
/// See docs/BENCHMARKS.md ("Scheduling (issue 7)").
/// </summary>
public static class BenchScheduleCommand
{
    // The failure-detection settings the cluster tests use (docs/CLUSTER.md explains them).
    private static readonly string[] FastFailureDetection =
    [
        "--Orleans:Membership:ProbeTimeout=00:00:02", "--Orleans:Membership:NumMissedProbesLimit=3",
        "--Orleans:Membership:NumVotesForDeathDeclaration=1", "--Orleans:Membership:TableRefreshTimeout=00:00:02",
        "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05", "--Scheduler:SweepInterval=00:00:01",
        "--Scheduler:LeaseDuration=00:00:15", "--Scheduler:HeartbeatInterval=00:00:03",
    ];

    public static Command Create(CliConfiguration settings)
    {
        var runs = new Option<int>("--runs") { Description = "Runs of the throughput phase.", DefaultValueFactory = _ => 10_000 };
        // Two long studies keep 64 runs in flight on 16 slots; each study's closing cross-validation (a few CPU seconds)
        // is paid twice per phase rather than once per hundred runs. docs/BENCHMARKS.md ("Scheduling (issue 7)").
        var studies = new Option<int>("--studies") { Description = "Studies the throughput runs are spread over.", DefaultValueFactory = _ => 2 };
        var parallelism = new Option<int>("--parallelism") { Description = "Runs in flight per study in the throughput phase.", DefaultValueFactory = _ => 32 };
        var latencyRuns = new Option<int>("--latency-runs") { Description = "Runs of the low-load latency phase (4 studies, one run in flight each).", DefaultValueFactory = _ => 400 };
        var slots = new Option<int>("--slots") { Description = "Slots per worker silo.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed of the studies (mixtures and noise).", DefaultValueFactory = _ => 1 };
        var skipFailover = new Option<bool>("--no-failover") { Description = "Skip the kill -9 failover phase." };
        var command = new Command("schedule", "Scheduling overhead, throughput and failover of a host and two worker silos on this machine (needs ConnectionStrings:Ledger and :Blobs, e.g. from the environment).")
        {
            runs, studies, parallelism, latencyRuns, slots, seed, skipFailover,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (n, s, p, l, k, sd) = (parse.GetValue(runs), parse.GetValue(studies), parse.GetValue(parallelism), parse.GetValue(latencyRuns), parse.GetValue(slots), parse.GetValue(seed));
            if (n < 1 || s < 1 || p < 1 || l < 4 || k < 1) throw new CliException("--runs, --studies, --parallelism, --slots must be >= 1 and --latency-runs >= 4.");
            // An administrative connection: the bench creates (and drops) a database of its own on that server.
            var admin = settings.Ledger(null, null);
            var blobs = settings.Blobs(null, null);
            Console.WriteLine($"bench schedule: seed {sd}; 2 worker silos x {k} slots + this process as the slotless host; zero-cost simulated runs; {Environment.ProcessorCount} cores");
            Console.WriteLine($"failure detection: {string.Join(' ', FastFailureDetection)}");
            await using var bench = await ScheduleBench.StartAsync(admin, blobs, k, sd, ct);
            try
            {
                var latency = await bench.PhaseAsync("latency", 4, l / 4, 1, ct);
                var load = await bench.PhaseAsync("throughput", s, Math.Max(1, n / s), p, ct);
                var view = BenchTable.Create("phase", "runs", "studies x in flight", "median queue→recorded ms", "p90 ms", "median queue→leased ms", "median leased→recorded ms", "runs/s", "seconds");
                foreach (var r in new[] { latency, load })
                    BenchTable.Row(view, r.Name, r.Runs.ToString(CultureInfo.InvariantCulture), $"{r.Studies} x {r.InFlight}", Ms(r.Median), Ms(r.P90), Ms(r.MedianToLease), Ms(r.MedianLeaseToRecord),
                        r.RunsPerSecond.ToString("0", CultureInfo.InvariantCulture), r.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
                BenchTable.Print(view);
                var cpu = BenchTable.Create(["phase", .. latency.CpuSeconds.Keys.Select(g => $"{g} CPU ms/run"), "total CPU ms/run"]);
                foreach (var r in new[] { latency, load })
                    BenchTable.Row(cpu, [r.Name, .. r.CpuSeconds.Values.Select(c => Ms(c / r.Runs)), Ms(r.CpuSeconds.Values.Sum() / r.Runs)]);
                BenchTable.Print(cpu);
                if (!parse.GetValue(skipFailover))
                {
                    var f = await bench.FailoverAsync(ct);
                    Console.WriteLine($"failover after kill -9 of a worker running {f.Runs} runs: declared dead after {f.Detect.TotalSeconds:0.0} s; "
                        + $"its runs leased again on the other worker after {f.Requeue.TotalSeconds:0.0} s (all {f.Runs} recorded after {f.Done.TotalSeconds:0.0} s, runs take {ScheduleBench.FailoverRunSeconds} s)");
                }
            }
            finally
            {
                await bench.StopAsync();
            }
            return 0;
        });
        return command;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record PhaseFigures(string Name, int Runs, int Studies, int InFlight, double Median, double P90, double MedianToLease, double MedianLeaseToRecord,
        double RunsPerSecond, double Seconds, IReadOnlyDictionary<string, double> CpuSeconds);

    private sealed record FailoverFigures(int Runs, TimeSpan Detect, TimeSpan Requeue, TimeSpan Done);

    /// <summary>The host silo in this process, two worker processes, and a database of their own (dropped at the end).</summary>
    private sealed class ScheduleBench : IAsyncDisposable
    {
        public const double FailoverRunSeconds = 4;
        private readonly string _admin;
        private readonly string _database;
        private readonly IHost _host;
        private readonly List<Process> _workers;
        private readonly int _seed;
        private readonly BenchScheduleCpu _cpu;
        private int _studyCounter;

        private ScheduleBench(string admin, string database, IHost host, List<Process> workers, int seed, BenchScheduleCpu cpu)
        {
            (_admin, _database, _host, _workers, _seed, _cpu) = (admin, database, host, workers, seed, cpu);
        }

        private string Ledger => new NpgsqlConnectionStringBuilder(_admin) { Database = _database, Pooling = true, MaxPoolSize = 50 }.ConnectionString;

        public static async Task<ScheduleBench> StartAsync(string admin, string blobs, int slots, int seed, CancellationToken ct)
        {
            var database = $"mixopt_bench_{seed}_{Guid.NewGuid():N}"[..40];
            await ExecuteAsync(admin, $"CREATE DATABASE {database}");
            var ledger = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
            var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            string[] common = [$"--Orleans:ClusterId={clusterId}", .. FastFailureDetection, "--Logging:LogLevel:Default=Error", "--Logging:LogLevel:Orleans=Critical", "--Cluster:Dashboard=false"];
            var builder = Host.CreateApplicationBuilder(
            [
                "--Cluster:Mode=AdoNet", $"--ConnectionStrings:Ledger={ledger}", $"--ConnectionStrings:Blobs={blobs}",
                $"--Artifacts:Container=bench-{clusterId}", $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}", .. common,
            ]);
            builder.AddMixOptBackend(webHost: true);
            var host = builder.Build();
            await host.Services.PrepareStorageAsync(builder.Configuration, ct);
            await host.StartAsync(ct);
            var workers = Enumerable.Range(0, 2).Select(_ => StartWorker(
                ["worker", "--ledger", ledger, "--blobs", blobs, "--slots", slots.ToString(CultureInfo.InvariantCulture),
                 "--silo-port", FreePort().ToString(CultureInfo.InvariantCulture), "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture),
                 "--cluster-id", clusterId, $"--Artifacts:Container=bench-{clusterId}", .. common])).ToList();
            var bench = new ScheduleBench(admin, database, host, workers, seed, await CpuMeterAsync(ledger, blobs, workers));
            await bench.UntilAsync(async () => (await bench.Scheduler.Workers()).Count(w => w.Status == "Active" && w.Slots == slots) == 2, TimeSpan.FromSeconds(120), "both workers to join");
            return bench;
        }

        private ISchedulerGrain Scheduler => _host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISchedulerGrain>(0);

        /// <summary>Submits <paramref name="studies"/> studies of <paramref name="runsEach"/> zero-cost runs and waits for all results.</summary>
        public async Task<PhaseFigures> PhaseAsync(string name, int studies, int runsEach, int inFlight, CancellationToken ct)
        {
            var submitter = _host.Services.GetRequiredService<StudySubmitter>();
            var cpuBefore = _cpu.Sample();
            var clock = Stopwatch.StartNew();
            var ids = new List<Guid>();
            for (var i = 0; i < studies; i++) ids.Add((await submitter.SubmitAsync(Spec($"{name}-{i}", runsEach, inFlight, 0), ct)).Id);
            var total = studies * runsEach;
            await UntilAsync(async () => await CountAsync("SELECT count(*) FROM studies WHERE id = ANY(@ids) AND status IN ('Completed','Failed','Cancelled')", ids) == studies,
                TimeSpan.FromMinutes(30), $"{name}: {studies} studies to finish");
            clock.Stop();
            var cpuAfter = _cpu.Sample();
            var timings = await TimingsAsync(ids);
            if (timings.Count != total) throw new InvalidOperationException($"{name}: {timings.Count} results for {total} runs.");
            var overhead = timings.Select(t => (t.Recorded - t.Created).TotalSeconds).Order().ToArray();
            var toLease = timings.Select(t => (t.Leased - t.Created).TotalSeconds).Order().ToArray();
            var leaseToRecord = timings.Select(t => (t.Recorded - t.Leased).TotalSeconds).Order().ToArray();
            var span = (timings.Max(t => t.Recorded) - timings.Min(t => t.Created)).TotalSeconds;
            return new PhaseFigures(name, total, studies, inFlight, Quantiles.Of(overhead, 0.5), Quantiles.Of(overhead, 0.9),
                Quantiles.Of(toLease, 0.5), Quantiles.Of(leaseToRecord, 0.5), total / span, clock.Elapsed.TotalSeconds,
                cpuAfter.ToDictionary(c => c.Key, c => c.Value - cpuBefore[c.Key]));
        }

        /// <summary>Kills one worker (kill -9) while it runs several runs and times detection, re-lease and completion.</summary>
        public async Task<FailoverFigures> FailoverAsync(CancellationToken ct)
        {
            var submitter = _host.Services.GetRequiredService<StudySubmitter>();
            var slotsTotal = (await Scheduler.Workers()).Sum(w => w.Slots);
            var study = await submitter.SubmitAsync(Spec("failover", slotsTotal, slotsTotal, FailoverRunSeconds), ct);
            var victim = await UntilAsync(async () => (await Scheduler.Workers()).FirstOrDefault(w => w.Role == "worker" && w.Busy.Count == w.Slots),
                TimeSpan.FromSeconds(60), "a worker with every slot busy");
            await UntilAsync(async () => await CountAsync("SELECT count(*) FROM runs WHERE study_id = ANY(@ids) AND state = 'Running'", [study.Id]) == slotsTotal,
                TimeSpan.FromSeconds(30), "every run leased");
            var process = _workers.Single(w => victim!.Name.Length > 0 && IsSilo(w, victim.Address));
            var killed = Stopwatch.StartNew();
            process.Kill();
            var runIds = victim!.Busy.Select(b => b.RunId).ToList();
            await UntilAsync(async () => (await Scheduler.Workers()).Single(w => w.Address == victim.Address).Status == "Dead", TimeSpan.FromSeconds(120), "the silo declared dead");
            var detect = killed.Elapsed;
            await UntilAsync(async () => await CountAsync("SELECT count(DISTINCT run_id) FROM run_attempts WHERE run_id = ANY(@ids) AND attempt > 1", runIds) == runIds.Count,
                TimeSpan.FromSeconds(120), "the runs to be leased again");
            var requeue = killed.Elapsed;
            await UntilAsync(async () => await CountAsync("SELECT count(*) FROM run_results WHERE run_id = ANY(@ids)", runIds) == runIds.Count, TimeSpan.FromSeconds(120), "the runs to be recorded");
            return new FailoverFigures(runIds.Count, detect, requeue, killed.Elapsed);
        }

        public async Task StopAsync()
        {
            foreach (var w in _workers.Where(w => !w.HasExited)) w.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _host.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var w in _workers) w.Dispose();
            _host.Dispose();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }

        private StudySpec Spec(string name, int runs, int inFlight, double runSeconds) => new()
        {
            Name = name,
            Domains = [new DomainSpec { Name = "web" }, new DomainSpec { Name = "code" }, new DomainSpec { Name = "books" }],
            Budget = new BudgetSpec { Runs = runs, Parallelism = inFlight },
            Strategy = "random",
            Seed = _seed * 100_000 + _studyCounter++,
            Simulator = new SimulatorSpec { RunSeconds = runSeconds },
        };

        // The worker's silo address names its silo port; the process was started with that port on its command line.
        private static bool IsSilo(Process process, string address) =>
            process.StartInfo.ArgumentList.SkipWhile(a => a != "--silo-port").Skip(1).FirstOrDefault() is { } port && address.StartsWith($"127.0.0.1:{port}@", StringComparison.Ordinal);

        /// <summary>Per run: written (and queued), leased by the attempt that recorded, result recorded.</summary>
        private async Task<IReadOnlyList<(DateTime Created, DateTime Leased, DateTime Recorded)>> TimingsAsync(List<Guid> studyIds)
        {
            await using var conn = new NpgsqlConnection(Ledger);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT r.created_at, a.started_at, rr.recorded_at FROM runs r JOIN run_results rr ON rr.run_id = r.id JOIN run_attempts a ON a.run_id = r.id AND a.attempt = rr.attempt WHERE r.study_id = ANY(@ids)", conn);
            cmd.Parameters.AddWithValue("ids", studyIds.ToArray());
            var rows = new List<(DateTime, DateTime, DateTime)>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetDateTime(0), reader.GetDateTime(1), reader.GetDateTime(2)));
            return rows;
        }

        private async Task<long> CountAsync(string sql, List<Guid> ids)
        {
            await using var conn = new NpgsqlConnection(Ledger);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue("ids", ids.ToArray());
            return Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }

        private async Task<T> UntilAsync<T>(Func<Task<T>> probe, TimeSpan timeout, string what)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var value = await probe();
                if (value is true || (value is not bool && value is not null)) return value;
                if (_workers.FirstOrDefault(w => w.HasExited && w.ExitCode != 137 && w.ExitCode != -1) is { } dead)
                    throw new InvalidOperationException($"A worker exited with code {dead.ExitCode} while waiting for {what}.");
                if (deadline.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.");
                await Task.Delay(50);
            }
        }

        /// <summary>The processes whose CPU time a phase costs: this host, the workers, and PostgreSQL and Azurite when they run on this machine.</summary>
        private static async Task<BenchScheduleCpu> CpuMeterAsync(string ledger, string blobs, List<Process> workers)
        {
            var groups = new Dictionary<string, IReadOnlyList<int>> { ["host"] = [Environment.ProcessId], ["workers"] = workers.Select(w => w.Id).ToList() };
            await using (var conn = new NpgsqlConnection(ledger))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", conn);
                var backend = Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                groups["postgres"] = BenchScheduleCpu.ParentOf(backend) is { } postmaster && File.Exists($"/proc/{backend}/stat") ? [postmaster] : [];
            }
            var endpoint = blobs.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0].Equals("BlobEndpoint", StringComparison.OrdinalIgnoreCase))?[1];
            groups["azurite"] = endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback && BenchScheduleCpu.ListenerOf(uri.Port) is { } azurite ? [azurite] : [];
            return new BenchScheduleCpu(groups);
        }

        private static Process StartWorker(IReadOnlyList<string> args)
        {
            // Run this very CLI again: `mixopt worker ...` (through dotnet when this process is `dotnet mixopt.dll`).
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(BenchScheduleCommand).Assembly.Location);
            foreach (var a in args) start.ArgumentList.Add(a);
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[worker {process.Id}] {e.Data}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static async Task ExecuteAsync(string cs, string sql)
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false }.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

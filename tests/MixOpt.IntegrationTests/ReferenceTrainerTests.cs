using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The reference PyTorch trainer (src/MixOpt.Client/python/mixopt_train.py), run by Debian's python3 with python3-torch
/// on CPU against the real service: it reads shards written by MixOpt's own corpus preparer, leases every run of an
/// external study, heartbeats, trains the tiny proxy and reports each domain's validation loss and its loss curve.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class ReferenceTrainerTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot.Path, "src", "MixOpt.Client", "python", "mixopt_train.py");

    [Fact]
    public async Task The_trainer_trains_every_run_of_an_external_study_on_mixopt_shards_and_reports_per_domain_losses()
    {
        var shards = Path.Combine(Path.GetTempPath(), "mixopt-train-shards-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var preparer = new CorpusPreparer(new ByteTokenizer(), new LocalShardStore(shards));
            var domains = new List<string>();
            foreach (var source in DemoCorpus.Available(48 * 1024).Take(3))
                domains.Add((await preparer.PrepareAsync(source)).Domain);
            Assert.Equal(3, domains.Count);

            await using var db = await TestDatabase.CreateAsync();
            await using var host = await MixOptTestHost.StartAsync(db);
            var key = (await host.Client.CreateKeyAsync("reference-trainer", ["write"])).Key;
            const int runs = 3;
            var created = await host.Http.PostAsJsonAsync("/api/studies", new
            {
                name = "reference trainer",
                executor = "external",
                strategy = "random",
                seed = 4,
                domains = domains.Select(d => new { name = d }).ToArray(),
                fidelities = new[] { new { name = "proxy", value = 1.0, cost = 1.0, model = "tiny" } },
                budget = new { runs, parallelism = 1 },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            // --heartbeat-seconds 0: a heartbeat after every step, so the heartbeat assertion below does not depend on
            // whether a 20-step tiny run outlasts an interval (on a quiet machine it finished inside 0.2 s).
            var (exit, output) = await RunAsync(TimeSpan.FromMinutes(5), "--url", host.Address.ToString(), "--key", key, "--study", id.ToString(),
                "--shards", shards, "--steps", "20", "--threads", "1", "--eval-windows", "8", "--heartbeat-seconds", "0",
                "--worker", "reference-trainer", "--idle-seconds", "60", "--seed", "3");

            Assert.True(exit == 0, $"mixopt_train.py exited {exit}:\n{output}");
            Assert.Contains($"TRAINER OK {runs} runs", output);
            var lines = RunLine().Matches(output);
            Assert.True(lines.Count == runs, output);
            Assert.All(lines, m => Assert.True(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, m.Value));

            var study = await host.WaitUntilFinishedAsync(id);
            Assert.Equal("Completed", study.Status.ToString());
            Assert.Equal(runs, study.Runs.Count(r => r.State.ToString() == "Succeeded"));
            foreach (var run in study.Runs)
            {
                Assert.Equal("reference-trainer", run.Worker);
                foreach (var domain in domains)
                {
                    // Trained from a uniform start (ln 256 = 5.55 nats per byte), validation loss is finite and below it.
                    var loss = run.Metrics![$"loss:{domain}"];
                    Assert.True(loss is > 0 and < 5.6, $"run {run.Ordinal} loss:{domain} = {loss}");
                }
            }
            Assert.True(await db.CountAsync("SELECT count(*) FROM run_attempts WHERE heartbeat_at IS NOT NULL") >= 1, "no heartbeat reached the ledger:\n" + output);
            Assert.Equal(runs, await db.CountAsync("SELECT count(*) FROM run_results"));
        }
        finally
        {
            if (Directory.Exists(shards)) Directory.Delete(shards, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_options_get_one_line_and_a_non_zero_exit()
    {
        var (exit, output) = await RunAsync(TimeSpan.FromMinutes(1), "--url", "http://127.0.0.1:9", "--key", "k", "--study", Guid.NewGuid().ToString(),
            "--shards", "/nonexistent/shards");
        Assert.Equal(2, exit);
        Assert.Equal("mixopt_train: --shards /nonexistent/shards is not a folder", output.Trim());

        (exit, output) = await RunAsync(TimeSpan.FromMinutes(1), "--benchmark", "--model", "2B");
        Assert.Equal(2, exit);
        Assert.Equal("mixopt_train: unknown model shape '2B'; the ladder has tiny, 1M, 60M", output.Trim());
    }

    private static async Task<(int Exit, string Output)> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(PythonClientTests.Python)
        {
            WorkingDirectory = Path.GetDirectoryName(Script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^RUN [0-9a-f-]{36} shape=tiny steps=20 loss:mean=\S+ rows=.* tokens/s=([0-9.]+) TFLOP/s=\S+ MFU=", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}

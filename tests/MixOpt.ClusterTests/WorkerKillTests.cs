using MixOpt.ClusterTests.Support;
using MixOpt.Grains;
using MixOpt.Testing;

namespace MixOpt.ClusterTests;

/// <summary>kill -9 of a worker silo while it executes several runs: the runs move to the other worker, each counted once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkerKillTests
{
    private const int Runs = 40;

    [Fact]
    public async Task Killing_a_busy_worker_silo_requeues_its_runs_as_new_attempts_and_the_study_finishes_with_each_run_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var cluster = new TestCluster(db.ConnectionString);
        try
        {
            await cluster.StartHostAsync();
            var doomed = await cluster.StartWorkerAsync(slots: 3);
            var survivor = await cluster.StartWorkerAsync(slots: 3);
            // Runs of 2 s on 6 slots: ~14 s of work, long enough to kill a worker in the middle.
            var id = await cluster.SubmitAsync("kill-worker", Runs, runSeconds: 2.0, parallelism: 6);

            await cluster.WaitAsync(id, s => s.RunsSucceeded >= 4, "a few runs to succeed first");
            var busy = await Eventually.Until(async () => await cluster.SiloOfAsync(doomed), s => s is { Busy.Count: >= 2 }, TimeSpan.FromSeconds(60), "the doomed worker to run several runs");
            var killedSilo = busy!.Address;
            doomed.Kill();
            var killedAt = DateTime.UtcNow;

            // Declared dead by membership, then dropped by the scheduler: no slot of it is busy any more.
            await Eventually.Until(async () => (await cluster.SilosAsync()).Single(s => s.Address == killedSilo), s => s is { Status: "Dead", Busy.Count: 0 },
                TimeSpan.FromSeconds(60), "the killed silo to be declared dead and its slots dropped");

            var study = await cluster.WaitFinishedAsync(id);
            await ExactlyOnce.AssertAsync(cluster, study, Runs);

            var attempts = await cluster.AttemptsAsync(id);
            var prefix = killedSilo + "/";
            // The attempts that were on the killed silo ended as expired with the silo's death as the reason...
            var lost = attempts.Where(a => a.Worker.StartsWith(prefix, StringComparison.Ordinal) && a.Outcome != "Succeeded").ToList();
            Assert.True(lost.Count >= 2, $"expected the kill to cut several attempts short; got {lost.Count}\n{cluster.Logs()}");
            Assert.All(lost, a =>
            {
                Assert.Equal("Expired", a.Outcome);
                Assert.Contains($"silo {killedSilo} is Dead", a.Reason);
            });
            // ...and each of those runs succeeded in a later attempt on the surviving worker.
            var survivorSilo = (await cluster.SiloOfAsync(survivor))!.Address;
            foreach (var runId in lost.Select(a => a.RunId).Distinct())
            {
                var last = attempts.Where(a => a.RunId == runId).MaxBy(a => a.Attempt)!;
                Assert.True(last.Attempt >= 2);
                Assert.Equal("Succeeded", last.Outcome);
                Assert.StartsWith(survivorSilo + "/", last.Worker);
            }
            // Nothing was executed by the killed silo after its death, and nothing anywhere but on the two workers.
            Assert.DoesNotContain(attempts, a => a.Worker.StartsWith(prefix, StringComparison.Ordinal) && a.StartedAt > killedAt.AddSeconds(1));
            Assert.All(attempts, a => Assert.True(WorkerSlots.TryParse(a.Worker, out _, out _)));
            var host = (await cluster.SiloOfAsync(cluster.Host!))!;
            Assert.DoesNotContain(attempts, a => a.Worker.StartsWith(host.Address + "/", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Logs()}", e);
        }
    }
}

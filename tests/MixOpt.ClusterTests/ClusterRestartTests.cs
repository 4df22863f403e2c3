using MixOpt.ClusterTests.Support;
using MixOpt.Testing;

namespace MixOpt.ClusterTests;

/// <summary>The whole cluster dies at once (kill -9 of every process) and comes back: the study resumes from the ledger.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRestartTests
{
    private const int Runs = 30;

    [Fact]
    public async Task A_cluster_killed_and_restarted_mid_study_resumes_it_with_nothing_run_twice_and_cost_counted_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var cluster = new TestCluster(db.ConnectionString);
        try
        {
            await cluster.StartHostAsync();
            await cluster.StartWorkerAsync(slots: 3);
            await cluster.StartWorkerAsync(slots: 3);
            var id = await cluster.SubmitAsync("restart-cluster", Runs, runSeconds: 2.5, parallelism: 6);
            var before = await cluster.WaitAsync(id, s => s.RunsSucceeded >= 6 && s.Runs.Count(r => r.State == "Running") >= 2, "runs done and runs executing");
            var doneBefore = before.Runs.Where(r => r.State == "Succeeded").Select(r => r.Id).ToHashSet();

            foreach (var node in cluster.Workers.Append(cluster.Host!)) node.Kill();
            var inFlight = await cluster.CountAsync("SELECT count(*) FROM runs WHERE study_id = @s AND state IN ('Leased','Running')", id);
            Assert.True(inFlight > 0, "the cluster died with runs executing, so the restart has attempts to take over");

            // Same silo ports, as a service manager restarting the processes would use.
            var ports = cluster.Workers.Select(w => w.SiloPort).ToList();
            cluster.Workers.Clear();
            await cluster.StartHostAsync(cluster.Host!.SiloPort);
            await cluster.StartWorkerAsync(slots: 3, port: ports[0]);
            await cluster.StartWorkerAsync(slots: 3, port: ports[1]);
            var study = await cluster.WaitFinishedAsync(id);

            await ExactlyOnce.AssertAsync(cluster, study, Runs);
            var attempts = await cluster.AttemptsAsync(id);
            // Runs finished before the crash were not executed again.
            Assert.All(attempts.Where(a => doneBefore.Contains(a.RunId)), a => Assert.Equal(1, a.Attempt));
            // Runs cut short by the crash: their first attempt ended without a result (expired or superseded), a later one succeeded.
            var cut = attempts.Where(a => a.Outcome is "Expired" or "Superseded").ToList();
            Assert.NotEmpty(cut);
            Assert.All(cut, a => Assert.DoesNotContain(a.RunId, doneBefore));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Logs()}", e);
        }
    }
}

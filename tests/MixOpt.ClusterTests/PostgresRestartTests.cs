using MixOpt.ClusterTests.Support;
using MixOpt.Testing;

namespace MixOpt.ClusterTests;

/// <summary>
/// PostgreSQL (ledger, membership and reminders alike) restarts mid-study: the cluster rides it out through the
/// ledger's retrying execution strategy, leases and Orleans' own retries, with no manual step.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresRestartTests
{
    private const int Runs = 24;

    [Fact]
    public async Task A_postgres_restart_mid_study_is_survived_without_a_manual_step()
    {
        // A server of the test's own: restarting the shared one would break the tests running beside this one.
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var cluster = new TestCluster(postgres.ConnectionString);
        try
        {
            await cluster.StartHostAsync();
            await cluster.StartWorkerAsync(slots: 3);
            var id = await cluster.SubmitAsync("restart-postgres", Runs, runSeconds: 0.5, parallelism: 3);
            await cluster.WaitAsync(id, s => s.RunsSucceeded >= 6 && s.RunsPending > 0, "runs done and runs in flight");

            await postgres.RestartAsync();

            var study = await cluster.WaitFinishedAsync(id);
            await ExactlyOnce.AssertAsync(cluster, study, Runs);
            Assert.False(cluster.Host!.HasExited);
            Assert.False(cluster.Workers[0].HasExited);
            // The cluster still knows its silos afterwards (membership reads and writes work again).
            var silos = await cluster.SilosAsync();
            Assert.Equal(2, silos.Count(s => s.Status == "Active"));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Logs()}", e);
        }
    }
}

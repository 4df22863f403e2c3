using MixOpt.ClusterTests.Support;
using MixOpt.Testing;

namespace MixOpt.ClusterTests;

/// <summary>
/// Placement and cancellation on one cluster: a web host (no slots), a worker silo started with zero slots, and one
/// worker with slots.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PlacementTests
{
    [Fact]
    public async Task Runs_execute_only_on_silos_with_slots_and_cancelling_reaches_the_executor_on_its_silo()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var cluster = new TestCluster(db.ConnectionString);
        try
        {
            await cluster.StartHostAsync();
            var slotless = await cluster.StartWorkerAsync(slots: 0, name: "slotless");
            var worker = await cluster.StartWorkerAsync(slots: 2);

            var silos = await cluster.SilosAsync();
            var host = (await cluster.SiloOfAsync(cluster.Host!))!;
            Assert.Equal(("host", 0), (host.Role, host.Slots));
            Assert.Equal(0, (await cluster.SiloOfAsync(slotless))!.Slots);
            var workerSilo = (await cluster.SiloOfAsync(worker))!;

            // The ops views: the workers page lists every silo with its role, the Orleans dashboard is mounted.
            var page = await cluster.Http.GetStringAsync("/workers");
            Assert.Contains(workerSilo.Address, page);
            Assert.Contains(host.Address, page);
            Assert.Contains("workers-table", page);
            var dashboard = await cluster.Http.GetAsync("/orleans/");
            Assert.Equal(System.Net.HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("text/html", dashboard.Content.Headers.ContentType?.MediaType);

            // Placement: 12 short runs, more than the one worker's slots at once.
            var quick = await cluster.SubmitAsync("placement", 12, runSeconds: 0.2, parallelism: 4);
            await ExactlyOnce.AssertAsync(cluster, await cluster.WaitFinishedAsync(quick), 12);
            var attempts = await cluster.AttemptsAsync(quick);
            Assert.All(attempts, a => Assert.StartsWith(workerSilo.Address + "/", a.Worker));

            // Cancellation: long runs; cancel one while it executes, then the whole study.
            var slow = await cluster.SubmitAsync("cancel", 6, runSeconds: 120, parallelism: 2);
            var executing = await Eventually.Until(() => cluster.SiloOfAsync(worker), s => s is { Busy.Count: 2 }, TimeSpan.FromSeconds(60), "both slots busy");
            var victim = executing!.Busy[0].RunId;
            await Eventually.Until(async () => (await cluster.AttemptsAsync(slow)).Count(a => a.Outcome == "Active"), n => n == 2, TimeSpan.FromSeconds(30), "both runs leased");

            var response = await cluster.Http.PostAsync($"/api/runs/{victim}/cancel", null);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var stopped = await Eventually.Until(async () => (await cluster.AttemptsAsync(slow)).Single(a => a.RunId == victim),
                a => a.Reason?.Contains("executor observed the cancellation") == true, TimeSpan.FromSeconds(30), "the executor to observe the cancel");
            Assert.Equal("Cancelled", stopped.Outcome);
            Assert.Contains(worker.SiloPort.ToString(), stopped.Worker);
            // It stopped well before its 120 s were up, and the study moved on to another run in the freed slot.
            Assert.True(stopped.EndedAt!.Value - stopped.StartedAt < TimeSpan.FromSeconds(60));
            await Eventually.Until(() => cluster.SiloOfAsync(worker), s => s!.Busy.Count == 2 && s.Busy.All(b => b.RunId != victim), TimeSpan.FromSeconds(30), "a new run in the freed slot");
            Assert.Equal(System.Net.HttpStatusCode.Conflict, (await cluster.Http.PostAsync($"/api/runs/{victim}/cancel", null)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await cluster.Http.PostAsync($"/api/runs/{Guid.NewGuid()}/cancel", null)).StatusCode);

            // The runs executing when the study is cancelled must be stopped by their executor. A run leased in the
            // moment between this snapshot and the cancel may be ended by the lease's cancellation before its executor
            // registered it: it must end Cancelled too, but its reason is the ledger's, not the executor's.
            var executingAtCancel = (await cluster.SiloOfAsync(worker))!.Busy.Select(b => b.RunId).ToHashSet();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await cluster.Http.PostAsync($"/api/studies/{slow}/cancel", null)).StatusCode);
            IReadOnlyList<AttemptRow> all;
            try
            {
                all = await Eventually.Until(() => cluster.AttemptsAsync(slow),
                    rows => rows.Count >= 3 && rows.All(a => a.Outcome == "Cancelled")
                            && executingAtCancel.All(id => rows.Any(a => a.RunId == id && a.Reason?.Contains("executor observed the cancellation") == true)),
                    TimeSpan.FromSeconds(60), "every executing run of the cancelled study to stop");
            }
            catch (TimeoutException e)
            {
                var rows = await cluster.AttemptsAsync(slow);
                throw new TimeoutException($"{e.Message}; executing at cancel: {string.Join(", ", executingAtCancel)}; attempts: " +
                    string.Join("; ", rows.Select(a => $"{a.RunId}#{a.Attempt} {a.Outcome} ({a.Reason})")), e);
            }
            Assert.All(all, a => Assert.StartsWith(workerSilo.Address + "/", a.Worker));
            await Eventually.Until(() => cluster.SiloOfAsync(worker), s => s!.Busy.Count == 0, TimeSpan.FromSeconds(30), "the worker's slots to be free");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Logs()}", e);
        }
    }
}

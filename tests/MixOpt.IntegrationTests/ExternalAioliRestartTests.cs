using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// An external Aioli run survives a restart of the service: the method is rebuilt from the recorded rounds, the retried
/// report at the round boundary gets the answer it got before, and the run ends on the same trajectory as one that was
/// never interrupted.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class ExternalAioliRestartTests
{
    private static readonly string[] Domains = ExternalStudies.Domains;
    private const int TotalSteps = 60;
    private static readonly double[,] Law = { { 0.02, 0.000, 0.000 }, { 0.01, 0.004, 0.000 }, { 0.01, 0.000, 0.002 } };

    private static object Spec(string name) => new
    {
        name,
        domains = Domains.Select(d => new { name = d }).ToArray(),
        budget = new { runs = 1, parallelism = 1 },
        strategy = "aioli",
        strategyOptions = new { rounds = 3, probeSteps = 2, stepSize = 0.5 },
        executor = "external",
        seed = 8,
    };

    private static Dictionary<string, double> Named(double[] losses) => Domains.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => losses[p.i]);

    private static async Task<RunLease> LeaseAsync(MixOptClient client, Guid studyId)
    {
        for (var tries = 0; tries < 300; tries++)
        {
            if (await client.LeaseAsync(studyId, worker: "restart-trainer", leaseSeconds: 300) is { } lease) return lease;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Study {studyId} leased no run.");
    }

    /// <summary>The trainer's state between reports: losses, the step, and the answer it trains on next.</summary>
    private sealed class Trainer(RunLease lease)
    {
        public RunLease Lease { get; } = lease;
        public double[] Losses { get; } = [5.0, 5.0, 5.0];
        public int Step { get; set; }
        public InRunRound? Answer { get; set; }

        public void Train()
        {
            for (var s = 0; s < Answer!.Steps; s++)
                for (var j = 0; j < 3; j++)
                    Losses[j] -= Enumerable.Range(0, 3).Sum(i => Law[j, i] * Answer.Proportions[Domains[i]]);
            Step = Answer.UntilStep;
        }
    }

    [Fact]
    public async Task A_run_resumed_after_a_restart_gets_the_same_answer_again_and_ends_on_the_uninterrupted_trajectory()
    {
        await using var db = await TestDatabase.CreateAsync();
        var container = "restart-" + Guid.NewGuid().ToString("N")[..8];
        Trainer trainer;
        Guid studyId;
        InRunRound beforeRestart;
        await using (var first = await MixOptTestHost.StartAsync(db, container))
        {
            studyId = (await first.Client.CreateStudyAsync(Spec("aioli-restart"))).Id;
            trainer = new Trainer(await LeaseAsync(first.Client, studyId));
            trainer.Answer = await first.Client.PostRoundAsync(trainer.Lease, 0, TotalSteps, Named(trainer.Losses));
            // Train until the report that closes round 0 has been answered (the answer is round 1's first probe).
            while (trainer.Answer.RoundsRecorded < 1)
            {
                trainer.Train();
                trainer.Answer = await first.Client.PostRoundAsync(trainer.Lease, trainer.Step, TotalSteps, Named(trainer.Losses));
            }
            beforeRestart = trainer.Answer;
            await first.StopAsync();
        }

        await using var second = await MixOptTestHost.StartAsync(db, container);
        // The reply was lost in the restart: the same report again gets the same answer from the rebuilt method.
        var again = await second.Client.PostRoundAsync(trainer.Lease, trainer.Step, TotalSteps, Named(trainer.Losses));
        Assert.Equal((beforeRestart.Round, beforeRestart.Phase, beforeRestart.Steps, beforeRestart.UntilStep), (again.Round, again.Phase, again.Steps, again.UntilStep));
        Assert.Equal(beforeRestart.Proportions, again.Proportions);
        while (trainer.Answer.KeepGoing)
        {
            trainer.Train();
            trainer.Answer = await second.Client.PostRoundAsync(trainer.Lease, trainer.Step, TotalSteps, Named(trainer.Losses));
        }
        Assert.Equal(TotalSteps, trainer.Step);
        var resumed = (await second.Client.GetRoundsAsync(studyId, trainer.Lease.RunId))!;

        // The same study (same seed, same law) driven without a restart.
        var otherId = (await second.Client.CreateStudyAsync(Spec("aioli-no-restart"))).Id;
        var reference = new Trainer(await LeaseAsync(second.Client, otherId));
        reference.Answer = await second.Client.PostRoundAsync(reference.Lease, 0, TotalSteps, Named(reference.Losses));
        while (reference.Answer.KeepGoing)
        {
            reference.Train();
            reference.Answer = await second.Client.PostRoundAsync(reference.Lease, reference.Step, TotalSteps, Named(reference.Losses));
        }
        var uninterrupted = (await second.Client.GetRoundsAsync(otherId, reference.Lease.RunId))!;

        Assert.Equal(3, resumed.Rounds.Count);
        Assert.Equal(uninterrupted.Rounds.Select(r => r.Step), resumed.Rounds.Select(r => r.Step));
        for (var r = 0; r < 3; r++)
            foreach (var d in Domains)
                Assert.Equal(uninterrupted.Rounds[r].Proportions[d], resumed.Rounds[r].Proportions[d], 12);
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM run_rounds WHERE run_id = @r", ("r", trainer.Lease.RunId)));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Ledger.Runs;
using MixOpt.Ledger.Schema;
using MixOpt.Ledger.Telemetry;
using MixOpt.Testing;

namespace MixOpt.Ledger.Tests;

/// <summary>
/// The run lifecycle counts each transition once, as the service wires it (RunMetrics in DI): queue, lease by slot and
/// by external trainer, result, expiry (and the run's failure on its last attempt), a failed attempt that re-queues,
/// cancellation, and the age of a lease when its attempt ended.
/// </summary>
public sealed class RunMetricsTests
{
    private static readonly RunOutcome Outcome = new(new Dictionary<string, double> { ["loss:a"] = 3.1, ["loss:b"] = 2.9 }, Cost: 1, Seconds: 0.1, LossCurve: [4, 3]);

    [Fact]
    public async Task Every_transition_moves_its_counter_by_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LedgerMigrator.MigrateAsync(db.ConnectionString);
        using var meters = new TestMeterFactory();
        await using var services = new ServiceCollection().AddMixOptLedger(db.ConnectionString)
            .AddSingleton<IMeterFactory>(meters).AddSingleton<RunMetrics>().BuildServiceProvider();
        var lifecycle = services.GetRequiredService<RunLifecycle>();
        var study = await services.GetRequiredService<StudyLedger>().CreateStudyAsync(LedgerFixture.Spec(runs: 3), null);

        var runs = await lifecycle.QueueAsync(study.Id, 0, Enumerable.Range(0, 3).Select(i => new Proposal(Mixture.Normalize([1.0 + i, 1.0]))).ToArray());
        Assert.Equal(3, meters.Sum("mixopt.runs.queued"));

        var doomed = (await lifecycle.StartAttemptAsync(runs[0].Id, "w1", TimeSpan.FromSeconds(1)))!.Lease;
        var external = (await lifecycle.LeaseNextAsync(study.Id, "trainer", LedgerFixture.Lease))!.Run!.Lease;
        var good = (await lifecycle.StartAttemptAsync(runs[2].Id, "w2", LedgerFixture.Lease))!.Lease;
        Assert.Equal(2, meters.Sum("mixopt.runs.leased", "via=slot"));
        Assert.Equal(1, meters.Sum("mixopt.runs.leased", "via=external"));

        var decision = await lifecycle.RecordResultAsync(new ReportedResult(study.Id, good.RunId, good.Token, 3.0, Outcome, null, RunLifecycle.HashOf(Outcome, 3.0)));
        Assert.Equal(ResultRecording.Recorded, decision.Recording);
        // A retry of the same report changes nothing and counts nothing.
        await lifecycle.RecordResultAsync(new ReportedResult(study.Id, good.RunId, good.Token, 3.0, Outcome, null, RunLifecycle.HashOf(Outcome, 3.0)));
        Assert.Equal(1, meters.Sum("mixopt.runs.succeeded"));
        Assert.Equal(1, meters.Count("mixopt.runs.lease.age", "outcome=succeeded"));

        await lifecycle.ExpireAsync(maxAttempts: 1, asOf: doomed.ExpiresAt.AddSeconds(1));
        Assert.Equal(1, meters.Sum("mixopt.runs.expired", "cause=timeout"));
        Assert.Equal(1, meters.Sum("mixopt.runs.failed"));   // its only attempt

        Assert.Equal(AttemptEnd.Requeued, await lifecycle.FailAttemptAsync(external.RunId, external.Token, "trainer crashed", maxAttempts: 3));
        Assert.Equal(1, meters.Sum("mixopt.runs.failed"));   // re-queued, not failed
        Assert.Equal(1, meters.Count("mixopt.runs.lease.age", "outcome=failed"));

        Assert.True((await lifecycle.CancelRunAsync(external.RunId))!.Cancelled);
        Assert.Equal(1, meters.Sum("mixopt.runs.cancelled"));
        Assert.Equal(3, meters.Count("mixopt.runs.lease.age"));   // succeeded, expired, failed: every lease this process took
    }

    /// <summary>Meters of one test only (their scope is this factory), with every measurement kept by instrument and tags.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, string Tags, double Value)> _measurements = new();

        public TestMeterFactory()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, this)) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Keep(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Keep(i, v, tags));
            _listener.Start();
        }

        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public double Sum(string instrument, string? tag = null) => Matching(instrument, tag).Sum(m => m.Value);

        public int Count(string instrument, string? tag = null) => Matching(instrument, tag).Count();

        public void Dispose()
        {
            _listener.Dispose();
            foreach (var meter in _meters) meter.Dispose();
        }

        private IEnumerable<(string Instrument, string Tags, double Value)> Matching(string instrument, string? tag) =>
            _measurements.Where(m => m.Instrument == instrument && (tag is null || m.Tags.Split(',').Contains(tag)));

        private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = new List<string>();
            foreach (var t in tags) text.Add($"{t.Key}={t.Value}");
            _measurements.Enqueue((instrument.Name, string.Join(',', text), value));
        }
    }
}

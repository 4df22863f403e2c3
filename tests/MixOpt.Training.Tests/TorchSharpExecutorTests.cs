using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;
using MixOpt.Training.Execution;
using MixOpt.Training.Shards;

namespace MixOpt.Training.Tests;

public class TorchSharpExecutorTests
{
    private static StudySpec Study(params string[] domains) => new()
    {
        Name = "t", Executor = ExecutorNames.Builtin, Seed = 5,
        Domains = domains.Select(d => new DomainSpec { Name = d }).ToArray(),
        Fidelities = [new FidelitySpec { Name = "small", Model = "tiny", Value = 1, Cost = 2.5 }],
    };

    private static readonly TorchSharpExecutorOptions Options = new() { Threads = 1, Device = "cpu", Steps = 30 };

    [Fact]
    public async Task A_run_reports_loss_per_domain_and_stores_its_curve_and_checkpoint()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh");
        await temp.AddPatternDomainAsync("digits", "0123456789");
        var artifacts = new MemoryArtifactStore();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, artifacts);
        var study = new RunRequest(Guid.NewGuid(), Guid.NewGuid(), 3, 1, Study("letters", "digits"), Mixture.Create([0.7, 0.3]), 1);

        var outcome = await executor.ExecuteAsync(study, CancellationToken.None);

        Assert.Equal("builtin", executor.Name);
        Assert.Equal(["loss:digits", "loss:letters"], outcome.Metrics.Keys.Order());
        Assert.All(outcome.Metrics.Values, v => Assert.True(double.IsFinite(v) && v > 0));
        Assert.Equal(2.5, outcome.Cost);
        Assert.Equal(30, outcome.LossCurve.Count);
        Assert.True(outcome.LossCurve[^1] < outcome.LossCurve[0]);
        Assert.True(artifacts.Blobs.ContainsKey(TrainingArtifactPaths.Training(study.StudyId, 3)));
        Assert.True(artifacts.Blobs[TrainingArtifactPaths.Checkpoint(study.StudyId, 3)].ToArray().Length > 1000);
        Assert.Contains("\"lossCurve\"", artifacts.Blobs[TrainingArtifactPaths.Training(study.StudyId, 3)].ToString());
    }

    [Fact]
    public async Task The_demo_corpus_trains_through_the_executor()
    {
        using var temp = new TempShards();
        var manifests = await Corpus.DemoCorpus.PrepareAsync(temp.Store, bytesPerDomain: 16 * 1024);
        var domains = manifests.Select(m => m.Domain).ToArray();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, null);
        var request = new RunRequest(Guid.NewGuid(), Guid.NewGuid(), 1, 1, Study(domains), Mixture.Uniform(domains.Length), 1);

        var outcome = await executor.ExecuteAsync(request, CancellationToken.None);

        Assert.Equal(domains.Length, outcome.Metrics.Count);
        // Below the uniform-guess loss ln(256) = 5.55 on real text after 30 tiny steps.
        Assert.All(domains, d => Assert.InRange(outcome.Metrics["loss:" + d], 0.5, 5.0));
    }

    [Fact]
    public async Task Missing_shards_fail_the_run_with_the_domain_named()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh");
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, null);
        var request = new RunRequest(Guid.NewGuid(), Guid.NewGuid(), 1, 1, Study("letters", "books"), Mixture.Uniform(2), 1);

        var e = await Assert.ThrowsAsync<ShardException>(() => executor.ExecuteAsync(request, CancellationToken.None));
        Assert.Contains("'books'", e.Message);
    }

    [Fact]
    public async Task An_executor_without_shards_says_which_setting_is_missing()
    {
        var executor = TorchSharpExecutor.Create(Options, null);
        var request = new RunRequest(Guid.NewGuid(), Guid.NewGuid(), 1, 1, Study("a", "b"), Mixture.Uniform(2), 1);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => executor.ExecuteAsync(request, CancellationToken.None));
        Assert.Contains("Training:ShardsPath", e.Message);
    }

    [Fact]
    public void Long_curves_are_averaged_down_to_200_points()
    {
        var curve = Enumerable.Range(1, 1000).Select(s => new Trainer.LossPoint(s, s, 0)).ToArray();
        var points = TorchSharpExecutor.Downsample(curve);
        Assert.Equal(200, points.Count);
        Assert.Equal(3.0, points[0]);     // mean of steps 1..5
        Assert.Equal(998.0, points[^1]);  // mean of steps 996..1000
    }
}

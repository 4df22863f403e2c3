using MixOpt.Core.Mixtures;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Tests;

public class ProxyTrainerTests
{
    private static readonly TrainingOptions Options = new() { Threads = 1, Seed = 11, Device = "cpu", EvaluationSequences = 16 };

    private static async Task<IReadOnlyList<DomainShard>> TwoDomainsAsync(TempShards temp)
    {
        await temp.AddPatternDomainAsync("letters", "abcdefgh", seed: 1);
        await temp.AddPatternDomainAsync("digits", "0123456789", seed: 2);
        return [await ShardReader.ReadAsync(temp.Store, "letters"), await ShardReader.ReadAsync(temp.Store, "digits")];
    }

    [Fact]
    public async Task Training_reduces_the_loss_and_reports_every_domain()
    {
        using var temp = new TempShards();
        var shards = await TwoDomainsAsync(temp);

        var result = ProxyTrainer.Train(shards, Mixture.Create([0.5, 0.5]), ModelLadder.Tiny, Options);

        var curve = result.LossCurve;
        Assert.Equal(ModelLadder.Tiny.Steps, curve.Count);
        // ln(256) ≈ 5.55 at the start; the patterned text is far more predictable than that.
        Assert.True(curve[0].Loss > 4.5, $"first loss {curve[0].Loss}");
        var lastFive = curve.TakeLast(5).Average(p => p.Loss);
        Assert.True(lastFive < curve[0].Loss - 1.5, $"loss went from {curve[0].Loss} to {lastFive}");
        Assert.Equal(["digits", "letters"], result.ValidationLoss.Keys.Order());
        Assert.All(result.ValidationLoss.Values, v => Assert.InRange(v, 0.1, 4.0));
        Assert.Equal(ModelLadder.Tiny.Steps * ModelLadder.Tiny.TokensPerStep, result.Tokens);
        Assert.True(result.Flops > 6.0 * result.Tokens * ModelLadder.Tiny.NonEmbeddingParameters);
        Assert.True(result.Seconds > 0);
        Assert.NotNull(result.Checkpoint);
        Assert.Equal(0.5, result.MeasuredProportions[0], 2);
    }

    [Fact]
    public async Task Evaluation_is_lower_on_the_domain_the_model_trained_on()
    {
        using var temp = new TempShards();
        var shards = await TwoDomainsAsync(temp);

        var result = ProxyTrainer.Train(shards, Mixture.Create([1.0, 0.0]), ModelLadder.Tiny, Options);

        // Trained on letters only: digits are tokens it has never been asked to predict.
        Assert.True(result.ValidationLoss["letters"] + 1.0 < result.ValidationLoss["digits"],
            $"letters {result.ValidationLoss["letters"]}, digits {result.ValidationLoss["digits"]}");
    }

    [Fact]
    public async Task Same_seed_gives_the_same_run()
    {
        using var temp = new TempShards();
        var shards = await TwoDomainsAsync(temp);
        var options = Options with { Steps = 5, KeepCheckpoint = false };
        var a = ProxyTrainer.Train(shards, Mixture.Create([0.3, 0.7]), ModelLadder.Tiny, options);
        var b = ProxyTrainer.Train(shards, Mixture.Create([0.3, 0.7]), ModelLadder.Tiny, options);
        Assert.Equal(a.LossCurve.Select(p => p.Loss), b.LossCurve.Select(p => p.Loss));
    }

    [Fact]
    public async Task A_diverging_run_fails_with_a_nan_loss_message()
    {
        using var temp = new TempShards();
        var shards = await TwoDomainsAsync(temp);
        var exploding = ModelLadder.Tiny with { Name = "exploding", LearningRate = 1e30, WarmupSteps = 0, GradientClip = 1e30 };

        var e = Assert.Throws<TrainingFailedException>(() => ProxyTrainer.Train(shards, Mixture.Uniform(2), exploding, Options with { Steps = 20 }));
        Assert.Contains("diverged", e.Message);
    }

    [Fact]
    public async Task A_shape_too_large_for_the_memory_limit_fails_before_allocating()
    {
        using var temp = new TempShards();
        var shards = await TwoDomainsAsync(temp);
        var e = Assert.Throws<TrainingFailedException>(() =>
            ProxyTrainer.Train(shards, Mixture.Uniform(2), ModelLadder.SixtyMillion, Options with { MemoryLimitBytes = 256L << 20 }));
        Assert.Contains("Out of memory", e.Message);
        Assert.Contains("60M", e.Message);
    }

    [Fact]
    public async Task An_allocation_libtorch_cannot_make_fails_as_out_of_memory()
    {
        using var temp = new TempShards();
        var shards = await TwoDomainsAsync(temp);
        // The 4·d×d MLP weight alone is ~1 TiB at d=2^19: no allocator can serve it.
        var huge = ModelLadder.Tiny with { Name = "huge", Dim = 1 << 19, Heads = 1, Layers = 1 };

        var e = Assert.Throws<TrainingFailedException>(() => ProxyTrainer.Train(shards, Mixture.Uniform(2), huge, Options with { Steps = 1 }));
        Assert.Contains("Out of memory", e.Message);
    }

    [Fact]
    public async Task An_empty_domain_fails_evaluation_with_its_name()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh");
        await temp.AddEmptyDomainAsync("void");
        IReadOnlyList<DomainShard> shards = [await ShardReader.ReadAsync(temp.Store, "letters"), await ShardReader.ReadAsync(temp.Store, "void")];

        var e = Assert.Throws<ShardException>(() => ProxyTrainer.Train(shards, Mixture.Create([1.0, 0.0]), ModelLadder.Tiny, Options with { Steps = 2 }));
        Assert.Contains("'void'", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public async Task Weight_on_an_empty_domain_fails_before_training()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh");
        await temp.AddEmptyDomainAsync("void");
        IReadOnlyList<DomainShard> shards = [await ShardReader.ReadAsync(temp.Store, "letters"), await ShardReader.ReadAsync(temp.Store, "void")];

        var e = Assert.Throws<ArgumentException>(() => ProxyTrainer.Train(shards, Mixture.Create([0.5, 0.5]), ModelLadder.Tiny, Options));
        Assert.Contains("'void'", e.Message);
        Assert.Contains("0 train tokens", e.Message);
    }
}

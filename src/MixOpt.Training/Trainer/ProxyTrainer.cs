using System.Diagnostics;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using TorchSharp;
using static TorchSharp.torch;

namespace MixOpt.Training.Trainer;

/// <summary>
/// Trains one proxy model on one mixture: AdamW, warmup then cosine or constant, gradient clipping, bf16 matrix
/// products on CUDA, a dispose scope per step so native memory stays flat. Then evaluates every domain.
/// </summary>
public static class ProxyTrainer
{
    public static TrainingResult Train(IReadOnlyList<DomainShard> shards, Mixture mixture, ModelShape shape, TrainingOptions options,
        IProgress<LossPoint>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        shape.Validate();
        if (shards.Count != mixture.Count)
            throw new ArgumentException($"The mixture has {mixture.Count} weights for {shards.Count} domains.");
        var vocab = CheckSameTokenizer(shards);
        var steps = options.Steps ?? shape.Steps;
        CheckMemoryEstimate(shape, vocab, options);
        var loader = new MixtureDataLoader(shards.Select(s => s.Domain).ToArray(), shards.Select(s => s.Train).ToArray(), mixture,
            shape.BatchRows, shape.SequenceLength, steps, options.MaxEpochsPerDomain, options.Seed);

        TorchRuntime.CapThreads(options.Threads);
        var device = TorchRuntime.SelectDevice(options.Device);
        var precision = device.type == DeviceType.CUDA ? ComputePrecision.BFloat16 : ComputePrecision.Float32;
        var clock = Stopwatch.StartNew();
        try
        {
            using var model = Build(shape, vocab, precision, options.Seed, device);
            using var trainingStep = new TrainingStep(model, shape, device);
            var curve = new List<LossPoint>(steps);
            TrainingLoop.Run(trainingStep, loader, shape, 0, steps, steps, advanceSchedule: true, curve, progress, ct);
            var losses = DomainEvaluator.Evaluate(model, shards, shape, options.EvaluationSequences, device);
            clock.Stop();
            var tokens = steps * shape.TokensPerStep;
            return new TrainingResult(losses, curve, clock.Elapsed.TotalSeconds, tokens, tokens * shape.TrainingFlopsPerToken(vocab),
                model.ParameterCount, loader.MeasuredProportions, loader.Epochs, device.type.ToString().ToLowerInvariant(),
                options.KeepCheckpoint ? Checkpoint(model) : null);
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            throw new TrainingFailedException($"Out of memory training the '{shape.Name}' shape on {device.type}: {FirstLine(e.Message)}", e);
        }
    }

    internal static ProxyLanguageModel Build(ModelShape shape, int vocab, ComputePrecision precision, int seed, Device device)
    {
        // Weights come from libtorch's global generator: seed and build atomically so concurrent runs stay reproducible.
        lock (TorchRuntime.Initialization)
        {
            random.manual_seed(seed);
            var model = new ProxyLanguageModel(shape, vocab, precision);
            model.to(device);
            model.train();
            return model;
        }
    }

    private static int CheckSameTokenizer(IReadOnlyList<DomainShard> shards)
    {
        var first = shards[0].Manifest;
        foreach (var shard in shards)
            if (shard.Manifest.Tokenizer != first.Tokenizer || shard.Manifest.VocabSize != first.VocabSize)
                throw new ShardException($"Domain '{shard.Domain}' was tokenized with {shard.Manifest.Tokenizer} ({shard.Manifest.VocabSize}), domain '{first.Domain}' with {first.Tokenizer} ({first.VocabSize}); one run needs one tokenizer.");
        return first.VocabSize;
    }

    /// <summary>
    /// Weights, gradients and two AdamW moments (16 bytes per parameter) plus float32 activations kept for the
    /// backward pass (about 34·d per token per layer, Korthikanti et al.) and the logits.
    /// </summary>
    internal static long EstimateMemoryBytes(ModelShape shape, int vocab)
    {
        var parameters = shape.NonEmbeddingParameters + (long)vocab * shape.Dim + (long)shape.SequenceLength * shape.Dim;
        var activations = shape.TokensPerStep * (34L * shape.Dim * shape.Layers + 3L * vocab) * 4;
        return 16 * parameters + activations;
    }

    private static void CheckMemoryEstimate(ModelShape shape, int vocab, TrainingOptions options)
    {
        if (options.MemoryLimitBytes is not { } limit) return;
        var need = EstimateMemoryBytes(shape, vocab);
        if (need > limit)
            throw new TrainingFailedException($"Out of memory: the '{shape.Name}' shape needs about {need / 1048576.0:0.#} MiB to train, the worker allows {limit / 1048576.0:0.#} MiB.");
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException ||
        (e is not TrainingFailedException && (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase)));

    private static byte[] Checkpoint(ProxyLanguageModel model)
    {
        using var stream = new MemoryStream();
        model.save(stream);
        return stream.ToArray();
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

using System.Diagnostics;
using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using TorchSharp;
using static TorchSharp.torch;

namespace MixOpt.Training.Trainer;

/// <summary>
/// Trains one proxy under an in-run method (<see cref="IInRunMethod"/>): reports per-domain validation losses at
/// step 0 and after every segment, and switches the loader to the proportions the method answers, in the same
/// model, optimizer and learning-rate schedule (no restart). The reports score the second half of each domain's
/// validation split and the final evaluation its first sequences, so the method never sees the losses the run is
/// judged on.
/// </summary>
public static class InRunTrainer
{
    /// <summary>Sequences per domain each in-run report scores (reports are frequent, so they are kept small).</summary>
    public const int ReportSequences = 16;

    public static InRunTrainingResult Train(IReadOnlyList<DomainShard> shards, IInRunMethod method, ModelShape shape, TrainingOptions options,
        int totalSteps, IProgress<LossPoint>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        shape.Validate();
        if (shards.Count != method.Current.Count)
            throw new ArgumentException($"The in-run method mixes {method.Current.Count} domains, the run has {shards.Count}.");
        var vocab = shards[0].Manifest.VocabSize;
        var reportShards = shards.Select(ReportSplit).ToArray();
        var loader = new MixtureDataLoader(shards.Select(s => s.Domain).ToArray(), shards.Select(s => s.Train).ToArray(), method.Current,
            shape.BatchRows, shape.SequenceLength, 0, options.MaxEpochsPerDomain, options.Seed);

        TorchRuntime.CapThreads(options.Threads);
        var device = TorchRuntime.SelectDevice(options.Device);
        var clock = Stopwatch.StartNew();
        using var model = ProxyTrainer.Build(shape, vocab, device.type == DeviceType.CUDA ? ComputePrecision.BFloat16 : ComputePrecision.Float32, options.Seed, device);
        using var trainingStep = new TrainingStep(model, shape, device);
        var curve = new List<LossPoint>(totalSteps);
        var segments = new List<InRunSegment>();
        var step = 0;
        for (var segment = method.Next(Report(model, reportShards, shape, device, step)); segment is not null;
             segment = method.Next(Report(model, reportShards, shape, device, step)))
        {
            var steps = Math.Min(segment.Steps, totalSteps - step);
            if (steps <= 0) break;
            // Probes are short and skewed: the epoch cap is checked for this segment, the method's constraints keep the rest feasible.
            loader.SetProportions(segment.Proportions, steps);
            segments.Add(segment with { Steps = steps });
            for (var s = 0; s < steps; s++, step++)
            {
                ct.ThrowIfCancellationRequested();
                var rate = LearningRateSchedule.At(step, totalSteps, shape);
                var value = trainingStep.Run(loader.Next(), rate);
                if (!double.IsFinite(value))
                    throw new TrainingFailedException($"Training loss is {value} at step {step + 1} of {totalSteps} (learning rate {rate:G3}): the run diverged.");
                var point = new LossPoint(step + 1, value, rate);
                curve.Add(point);
                progress?.Report(point);
            }
        }
        var losses = DomainEvaluator.Evaluate(model, shards, shape, options.EvaluationSequences, device);
        clock.Stop();
        var tokens = (long)step * shape.TokensPerStep;
        var result = new TrainingResult(losses, curve, clock.Elapsed.TotalSeconds, tokens, tokens * shape.TrainingFlopsPerToken(vocab),
            model.ParameterCount, loader.MeasuredProportions, loader.Epochs, device.type.ToString().ToLowerInvariant(), null);
        return new InRunTrainingResult(result, method.Rounds.ToArray(), segments, method.Recommended);
    }

    private static InRunReport Report(ProxyLanguageModel model, DomainShard[] reportShards, ModelShape shape, Device device, int step)
    {
        var losses = DomainEvaluator.Evaluate(model, reportShards, shape, ReportSequences, device);
        return new InRunReport(step, reportShards.Select(s => losses[s.Domain]).ToArray());
    }

    /// <summary>The second half of the validation split when it is long enough to score, else all of it.</summary>
    private static DomainShard ReportSplit(DomainShard shard)
    {
        var half = shard.Validation.Length / 2;
        return shard.Validation.Length - half >= 2 ? shard with { Validation = shard.Validation[half..] } : shard;
    }
}

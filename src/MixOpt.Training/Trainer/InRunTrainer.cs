using System.Diagnostics;
using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using TorchSharp;
using static TorchSharp.torch;

namespace MixOpt.Training.Trainer;

/// <summary>
/// Trains one proxy under an in-run method (<see cref="IInRunMethod"/>): reports per-domain validation losses at
/// step 0 and after every segment, and switches the loader to the proportions the method answers, in the same
/// model, optimizer and learning-rate schedule (no restart). A segment that restores parameters (an Aioli probe) is
/// trained, reported, then undone: parameters and AdamW state go back to their snapshot. The reports score the
/// second half of each domain's validation split and the final evaluation its first sequences, so the method never
/// sees the losses the run is judged on.
/// </summary>
public static class InRunTrainer
{
    /// <summary>Mixed into the run's seed for the look-ahead (probe) batches' stream.</summary>
    private const int LookAheadStream = 0x51ab;

    /// <summary>
    /// <paramref name="totalSteps"/> is the run's step budget: the steps of every segment that counts in it (the
    /// learning-rate schedule runs over them). Look-ahead segments outside the budget are extra tokens, reported in
    /// <see cref="InRunTrainingResult.OverheadSteps"/>.
    /// </summary>
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
        // Look-ahead segments draw from their own seeded stream: they leave no trace in the model, and so none in the
        // training stream either, which stays the batch-for-batch order a fixed-mixture run with this seed draws.
        var lookAheadLoader = new MixtureDataLoader(shards.Select(s => s.Domain).ToArray(), shards.Select(s => s.Train).ToArray(), method.Current,
            shape.BatchRows, shape.SequenceLength, 0, options.MaxEpochsPerDomain, SeedMixer.Mix(options.Seed, LookAheadStream));

        TorchRuntime.CapThreads(options.Threads);
        var device = TorchRuntime.SelectDevice(options.Device);
        var clock = Stopwatch.StartNew();
        using var model = ProxyTrainer.Build(shape, vocab, device.type == DeviceType.CUDA ? ComputePrecision.BFloat16 : ComputePrecision.Float32, options.Seed, device);
        using var trainingStep = new TrainingStep(model, shape, device);
        var curve = new List<LossPoint>(totalSteps);
        var segments = new List<InRunSegment>();
        // budget: steps that count against totalSteps (the schedule's clock); drawn: every batch, look-aheads included.
        int budget = 0, drawn = 0;
        var segment = method.Next(Report(model, reportShards, shape, options, device, budget));
        while (segment is not null)
        {
            var steps = segment.CountsInBudget ? Math.Min(segment.Steps, totalSteps - budget) : segment.Steps;
            if (steps <= 0) break;
            // Probes are short and skewed: the epoch cap is checked for this segment, the method's constraints keep the rest feasible.
            var source = segment.RestoresParameters ? lookAheadLoader : loader;
            source.SetProportions(segment.Proportions, steps);
            segments.Add(segment with { Steps = steps });
            using var snapshot = segment.RestoresParameters ? trainingStep.Snapshot() : null;
            // A restored segment's steps leave no trace in the model, so they are not points of its training curve.
            TrainingLoop.Run(trainingStep, source, shape, budget, steps, totalSteps, segment.CountsInBudget,
                snapshot is null ? curve : null, snapshot is null ? progress : null, ct);
            drawn += steps;
            if (segment.CountsInBudget) budget += steps;
            var report = Report(model, reportShards, shape, options, device, budget);
            if (snapshot is not null) trainingStep.Restore(snapshot);
            segment = method.Next(report);
        }
        var losses = DomainEvaluator.Evaluate(model, shards, shape, options.EvaluationSequences, device);
        clock.Stop();
        var tokens = (long)drawn * shape.TokensPerStep;
        var result = new TrainingResult(losses, curve, clock.Elapsed.TotalSeconds, tokens, tokens * shape.TrainingFlopsPerToken(vocab),
            model.ParameterCount, loader.MeasuredProportions, loader.Epochs, device.type.ToString().ToLowerInvariant(), null);
        return new InRunTrainingResult(result, method.Rounds.ToArray(), segments, method.Recommended) { OverheadSteps = drawn - budget };
    }

    private static InRunReport Report(ProxyLanguageModel model, DomainShard[] reportShards, ModelShape shape, TrainingOptions options, Device device, int step)
    {
        var losses = DomainEvaluator.Evaluate(model, reportShards, shape, options.InRunReportSequences, device);
        return new InRunReport(step, reportShards.Select(s => losses[s.Domain]).ToArray());
    }

    /// <summary>The second half of the validation split when it is long enough to score, else all of it.</summary>
    private static DomainShard ReportSplit(DomainShard shard)
    {
        var half = shard.Validation.Length / 2;
        return shard.Validation.Length - half >= 2 ? shard with { Validation = shard.Validation[half..] } : shard;
    }
}

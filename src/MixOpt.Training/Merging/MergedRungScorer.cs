using System.Diagnostics;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace MixOpt.Training.Merging;

/// <summary>
/// Scores a run of a merged rung: gets the per-domain models (trained once per corpus, shape and seed by
/// <see cref="MergedModelCache"/>), averages their parameters with the run's mixture as weights (the identity
/// transform: weight i is the mixture's share of domain i) and reports the averaged model's validation loss on every
/// domain, the same <c>loss:&lt;domain&gt;</c> metrics a trained run reports. The run that trained the set is charged
/// the trainings as well (<see cref="MergedRungCost"/>).
/// </summary>
public sealed class MergedRungScorer(IArtifactStore artifacts)
{
    private readonly MergedModelCache _cache = new(artifacts);

    public async Task<RunOutcome> ScoreAsync(RunRequest request, FidelitySpec rung, ModelShape shape, Func<FidelitySpec, ModelShape> shapeOf,
        IReadOnlyList<DomainShard> shards, TrainingOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var study = request.Study;
        var vocab = shards[0].Manifest.VocabSize;
        foreach (var s in shards)
            if (s.Manifest.Tokenizer != shards[0].Manifest.Tokenizer || s.Manifest.VocabSize != vocab)
                throw new ShardException($"Domain '{s.Domain}' was tokenized with {s.Manifest.Tokenizer} ({s.Manifest.VocabSize}), domain '{shards[0].Domain}' with {shards[0].Manifest.Tokenizer} ({vocab}); merged models need one tokenizer.");
        var training = options with { Seed = MergedModelKey.SharedSeed(study.Seed), KeepCheckpoint = true };
        var device = TorchRuntime.SelectDevice(training.Device);
        var key = MergedModelKey.Of(shards, shape, training, device.type.ToString().ToLowerInvariant());

        var (set, trained) = await _cache.GetOrTrainAsync(key, shards, shape, training, request.StudyId, request.RunId, ct);
        var checkpoints = await _cache.ReadCheckpointsAsync(set, ct);
        var losses = await Task.Factory.StartNew(() => Evaluate(checkpoints, request.Mixture.ToArray(), shards, shape, training, vocab, device),
            ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var cost = rung.Cost;
        if (trained)
            cost += shards.Count * MergedRungCost.PerDomainTraining(study, rung, shape, shapeOf, training.Steps ?? shape.Steps, training.EvaluationSequences, vocab);
        var metrics = study.Domains.ToDictionary(d => ObjectiveSpec.LossMetric(d.Name), d => losses[d.Name]);
        return new RunOutcome(metrics, cost, clock.Elapsed.TotalSeconds, []);
    }

    /// <summary>The averaged model's validation loss per domain (the models load into one architecture, then average into a fresh one).</summary>
    internal static Dictionary<string, double> Evaluate(IReadOnlyList<byte[]> checkpoints, IReadOnlyList<double> weights, IReadOnlyList<DomainShard> shards,
        ModelShape shape, TrainingOptions training, int vocab, Device device)
    {
        TorchRuntime.CapThreads(training.Threads);
        var precision = device.type == DeviceType.CUDA ? ComputePrecision.BFloat16 : ComputePrecision.Float32;
        var sources = new List<ProxyLanguageModel>(checkpoints.Count);
        try
        {
            foreach (var bytes in checkpoints)
            {
                var model = ProxyTrainer.Build(shape, vocab, precision, training.Seed, device);
                sources.Add(model);
                using var stream = new MemoryStream(bytes);
                model.load(stream);
            }
            using var merged = ProxyTrainer.Build(shape, vocab, precision, training.Seed, device);
            ParameterAveraging.AverageInto(merged, sources, weights);
            return DomainEvaluator.Evaluate(merged, shards, shape, training.EvaluationSequences, device);
        }
        finally
        {
            foreach (var model in sources) model.Dispose();
        }
    }
}

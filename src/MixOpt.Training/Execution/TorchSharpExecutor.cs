using System.Text.Json;
using MixOpt.Artifacts;
using MixOpt.Core.Execution;
using MixOpt.Core.InRun;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Training.Merging;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Execution;

/// <summary>
/// The built-in executor: trains a TorchSharp proxy on the run's mixture over the study's domains and reports
/// <c>loss:&lt;domain&gt;</c> for each. The fidelity rung picks the shape (<see cref="FidelitySpec.Model"/>, else its
/// name if the ladder has it, else <see cref="TorchSharpExecutorOptions.DefaultModel"/>). Any failure (missing or
/// corrupt shards, empty domain, weight on a domain without tokens, epoch cap, NaN loss, out of memory) throws
/// with a one-line reason, which the worker records on the failed run.
/// </summary>
public sealed class TorchSharpExecutor(TorchSharpExecutorOptions options, IShardStore? shards, IArtifactStore? artifacts) : IRunExecutor, IStudyAdmission
{
    private const int CurvePoints = 200;

    public string Name => ExecutorNames.Builtin;

    /// <summary>The executor with the shard store its options name (a local folder, else a blob corpus).</summary>
    public static TorchSharpExecutor Create(TorchSharpExecutorOptions options, IArtifactStore? artifacts)
    {
        IShardStore? store = !string.IsNullOrWhiteSpace(options.ShardsPath) ? new LocalShardStore(options.ShardsPath)
            : !string.IsNullOrWhiteSpace(options.BlobCorpus) && artifacts is not null ? new BlobShardStore(artifacts, options.BlobCorpus)
            : null;
        return new TorchSharpExecutor(options, store, artifacts);
    }

    public async Task<RunOutcome> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var store = shards ?? throw new InvalidOperationException(
            $"The builtin executor has no shards: set {TorchSharpExecutorOptions.Section}:ShardsPath (a folder from `mixopt corpus prepare`) or {TorchSharpExecutorOptions.Section}:BlobCorpus.");
        var study = request.Study;
        var rung = RungOf(study, request.Fidelity);
        var shape = ShapeOf(rung);
        var loaded = new List<DomainShard>(study.Domains.Count);
        foreach (var domain in study.Domains)
            loaded.Add(await ShardReader.ReadAsync(store, domain.Name, cancellationToken));

        var training = new TrainingOptions
        {
            Threads = options.Threads, Device = options.Device, MaxEpochsPerDomain = options.MaxEpochsPerDomain, Steps = options.Steps,
            MemoryLimitBytes = options.MemoryLimitMiB * 1048576L, KeepCheckpoint = options.SaveArtifacts && artifacts is not null,
            // The ordinal, not the attempt: a retried run trains exactly as the first attempt would have.
            Seed = SeedMixer.Mix(study.Seed, request.Ordinal, 0x7A11),
        };
        if (MergedRung.Is(rung))
            return await new MergedRungScorer(artifacts ?? throw new InvalidOperationException("A merged rung keeps its per-domain models in the artifact store, and this executor has none."))
                .ScoreAsync(request, rung!, shape, ShapeOf, loaded, training, cancellationToken);
        // Strategy aioli re-weights the run while it trains (the in-run hook); every other strategy trains its fixed mixture.
        var inRun = study.Strategy == AioliStudyRules.StrategyName ? AioliRun.Method(request, options.Steps ?? shape.Steps, training.Seed) : null;
        InRunTrainingResult? reweighted = null;
        var result = await Task.Factory.StartNew(() => inRun is null
                ? ProxyTrainer.Train(loaded, request.Mixture, shape, training, null, cancellationToken)
                : (reweighted = InRunTrainer.Train(loaded, inRun, shape, training, options.Steps ?? shape.Steps, null, cancellationToken)).Training,
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        if (training.KeepCheckpoint) await SaveAsync(request, shape, training, result, cancellationToken);
        var metrics = study.Domains.ToDictionary(d => ObjectiveSpec.LossMetric(d.Name), d => result.ValidationLoss[d.Name]);
        return new RunOutcome(metrics, rung?.Cost ?? 1.0, result.Seconds, Downsample(result.LossCurve))
        {
            InRun = reweighted is null ? null : AioliRun.Trajectory(reweighted),
        };
    }

    /// <summary>
    /// A study with a merged rung trains on every domain's shards before its first run can report, so it is refused at
    /// submit when this host has no corpus, no artifact store for the per-domain models, or no shards for a domain.
    /// (Studies without one keep failing their runs with the reason, as before.)
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> RefusalsAsync(StudySpec spec, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var merged = (spec.Fidelities ?? []).Select((f, i) => (f, i)).FirstOrDefault(x => MergedRung.Is(x.f));
        if (merged.f is null || spec.Executor != Name) return errors;
        var key = $"fidelities[{merged.i}].kind";
        if (shards is null)
            errors[key] = [$"A merged rung needs a corpus on this host: set {TorchSharpExecutorOptions.Section}:ShardsPath (a folder from `mixopt corpus prepare`) or {TorchSharpExecutorOptions.Section}:BlobCorpus."];
        else if (artifacts is null)
            errors[key] = ["A merged rung keeps its per-domain models in the artifact store, and this host has none."];
        else
            for (var d = 0; d < spec.Domains.Count; d++)
                try
                {
                    await ShardReader.ReadManifestAsync(shards, spec.Domains[d].Name, ct);
                }
                catch (ShardException e)
                {
                    errors[$"domains[{d}].name"] = [$"A merged rung trains one model per domain: {e.Message}"];
                }
        return errors;
    }

    private static FidelitySpec? RungOf(StudySpec study, double fidelity) =>
        study.Fidelities is { Count: > 0 } ladder ? ladder.MinBy(f => Math.Abs(f.Value - fidelity)) : null;

    private ModelShape ShapeOf(FidelitySpec? rung)
    {
        if (!string.IsNullOrWhiteSpace(rung?.Model)) return ModelLadder.Get(rung.Model);
        var named = ModelLadder.All.FirstOrDefault(s => string.Equals(s.Name, rung?.Name, StringComparison.OrdinalIgnoreCase));
        return named ?? ModelLadder.Get(options.DefaultModel);
    }

    /// <summary>At most <see cref="CurvePoints"/> points, each the mean loss of its stretch of steps, ending at the last step.</summary>
    internal static IReadOnlyList<double> Downsample(IReadOnlyList<LossPoint> curve)
    {
        if (curve.Count <= CurvePoints) return curve.Select(p => p.Loss).ToArray();
        var points = new double[CurvePoints];
        for (var i = 0; i < CurvePoints; i++)
        {
            int from = (int)((long)i * curve.Count / CurvePoints), to = (int)((long)(i + 1) * curve.Count / CurvePoints);
            points[i] = curve.Skip(from).Take(to - from).Average(p => p.Loss);
        }
        return points;
    }

    private async Task SaveAsync(RunRequest request, ModelShape shape, TrainingOptions training, TrainingResult result, CancellationToken ct)
    {
        var names = request.Study.DomainNames;
        var report = new TrainingReport(shape.Name, result.Device, training.Threads, training.Seed, result.Parameters, result.Tokens, result.Flops,
            result.Seconds, result.TokensPerSecond, result.ValidationLoss,
            names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => result.MeasuredProportions[x.i]),
            names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => result.Epochs[x.i]), result.LossCurve);
        await artifacts!.PutAsync(TrainingArtifactPaths.Training(request.StudyId, request.Ordinal),
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(report, ShardManifest.Json)), "application/json", ct);
        if (result.Checkpoint is { } checkpoint)
            await artifacts.PutAsync(TrainingArtifactPaths.Checkpoint(request.StudyId, request.Ordinal), BinaryData.FromBytes(checkpoint), "application/octet-stream", ct);
    }
}

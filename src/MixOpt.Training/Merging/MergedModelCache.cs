using System.Collections.Concurrent;
using System.Text.Json;
using MixOpt.Artifacts;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Merging;

/// <summary>
/// The per-domain models of merged rungs, kept as artifacts under <c>merged/&lt;key&gt;/</c> of the blob container
/// (<see cref="MergedModelKey"/>). The first run that needs a set trains it, one proxy per domain on a one-hot
/// mixture from the shared initialization, and is told so (it is charged for the trainings); every later run, in
/// this study or another, reads the set. Runs of one process wait on one lock per key, so parallel runs train a set
/// once; two processes that miss at the same moment may both train it (same seed, same result; the last write wins).
/// A per-domain training that fails for a reason that would repeat (bad shards, epoch cap, divergence) is remembered
/// for the process, so every run of that rung fails at once with the same reason instead of retraining.
/// </summary>
public sealed class MergedModelCache(IArtifactStore artifacts)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();
    private static readonly ConcurrentDictionary<string, string> Failures = new();

    public static string Folder(string key) => $"merged/{key}/";
    public static string SetPath(string key) => Folder(key) + "set.json";
    public static string CheckpointPath(string key, int index, string domain) => $"{Folder(key)}{index:D3}-{domain}.ckpt";

    /// <summary>The set of <paramref name="key"/>, trained now if nobody has; <c>Trained</c> is true when this call trained it.</summary>
    public async Task<(MergedModelSet Set, bool Trained)> GetOrTrainAsync(string key, IReadOnlyList<DomainShard> shards, ModelShape shape,
        TrainingOptions training, Guid studyId, Guid runId, CancellationToken ct)
    {
        var gate = Locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Failures.TryGetValue(key, out var failure)) throw new TrainingFailedException(failure);
            if (await FindAsync(key, ct) is { } cached) return (cached, false);
            var set = await TrainAsync(key, shards, shape, training, studyId, runId, ct);
            return (set, true);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<MergedModelSet?> FindAsync(string key, CancellationToken ct)
    {
        if (await artifacts.GetAsync(SetPath(key), ct) is not { } document) return null;
        var set = JsonSerializer.Deserialize<MergedModelSet>(document.ToStream(), ShardManifest.Json);
        return set is { Format: MergedModelSet.CurrentFormat } && set.Key == key ? set : null;
    }

    /// <summary>The checkpoint bytes of each domain's model, in the set's order.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadCheckpointsAsync(MergedModelSet set, CancellationToken ct)
    {
        var checkpoints = new List<byte[]>(set.Domains.Count);
        foreach (var domain in set.Domains)
            checkpoints.Add((await artifacts.GetAsync(domain.Checkpoint, ct)
                ?? throw new TrainingFailedException($"The merged rung's model of domain '{domain.Domain}' is missing at {domain.Checkpoint}; delete {SetPath(set.Key)} to retrain the set.")).ToArray());
        return checkpoints;
    }

    private async Task<MergedModelSet> TrainAsync(string key, IReadOnlyList<DomainShard> shards, ModelShape shape, TrainingOptions training,
        Guid studyId, Guid runId, CancellationToken ct)
    {
        var models = new List<MergedDomainModel>(shards.Count);
        double seconds = 0;
        for (var d = 0; d < shards.Count; d++)
        {
            var oneHot = Enumerable.Range(0, shards.Count).Select(i => i == d ? 1.0 : 0.0).ToArray();
            TrainingResult result;
            try
            {
                // Same options and seed for every domain: one shared initialization, which is what makes averaging meaningful.
                result = await Task.Factory.StartNew(() => ProxyTrainer.Train(shards, Mixture.Create(oneHot), shape, training with { KeepCheckpoint = true }, null, ct),
                    ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (Exception e) when (e is ShardException or EpochCapException or TrainingFailedException or ArgumentException)
            {
                var reason = $"The merged rung could not train its per-domain model of '{shards[d].Domain}': {e.Message}";
                Failures[key] = reason;
                throw new TrainingFailedException(reason, e);
            }
            var path = CheckpointPath(key, d, shards[d].Domain);
            await artifacts.PutAsync(path, BinaryData.FromBytes(result.Checkpoint!), "application/octet-stream", ct);
            models.Add(new MergedDomainModel(shards[d].Domain, path, result.ValidationLoss, result.Seconds));
            seconds += result.Seconds;
        }
        var set = new MergedModelSet
        {
            Key = key, Shape = shape.Name, Steps = training.Steps ?? shape.Steps, Seed = training.Seed, Domains = models,
            TrainedByStudy = studyId, TrainedByRun = runId, TrainingSeconds = seconds,
        };
        await artifacts.PutAsync(SetPath(key), BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(set, ShardManifest.Json)), "application/json", ct);
        return set;
    }
}

using System.Security.Cryptography;
using System.Text;
using MixOpt.Core.Randomness;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Merging;

/// <summary>
/// What makes two studies' per-domain models the same: the corpus (each domain's manifest: name, tokenizer and the
/// SHA-256 of both splits, in the study's order), the shape with its effective step count, the shared seed, the
/// device kind (CUDA trains in bf16) and the epoch cap. Its SHA-256 names the cache folder, so studies of the same
/// corpus, shape and seed share one set of trainings and anything else trains its own.
/// </summary>
public static class MergedModelKey
{
    /// <summary>The seed of the shared initialization (and of each per-domain loader); every domain starts from the same weights.</summary>
    public static int SharedSeed(int studySeed) => SeedMixer.Mix(studySeed, 0x6D65726765); // "merge"

    public static string Of(IReadOnlyList<DomainShard> shards, ModelShape shape, TrainingOptions training, string deviceKind)
    {
        var text = new StringBuilder("mixopt-merged/1\n");
        foreach (var s in shards)
            text.Append($"{s.Domain}|{s.Manifest.Tokenizer}|{s.Manifest.VocabSize}|{s.Manifest.Train.Sha256}|{s.Manifest.Validation.Sha256}\n");
        text.Append($"{shape with { Steps = training.Steps ?? shape.Steps }}\n");
        text.Append($"seed={training.Seed}|device={deviceKind}|epochs={training.MaxEpochsPerDomain:R}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}

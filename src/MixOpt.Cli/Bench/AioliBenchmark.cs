using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Aioli against the uniform (stratified) mixture on one corpus: per seed, one proxy trained on uniform proportions
/// and one trained under Aioli from the same uniform start, with the same shape, steps (so the same tokens), model
/// initialization and data order seed. Scored by the mean per-domain validation loss on the held-out sequences
/// Aioli's reports never see.
/// </summary>
public static class AioliBenchmark
{
    public sealed record SeedResult(int Seed, IReadOnlyDictionary<string, double> Uniform, IReadOnlyDictionary<string, double> Aioli,
        IReadOnlyList<InRunRound> Rounds, IReadOnlyList<InRunSegment> Segments, double UniformSeconds, double AioliSeconds)
    {
        /// <summary>Look-ahead steps Aioli drew on top of the shared step budget (probes outside the budget).</summary>
        public int AioliOverheadSteps { get; init; }

        /// <summary>Every probe the Aioli arm measured (for <c>--probe-diagnosis</c>).</summary>
        public IReadOnlyList<AioliProbe> Probes { get; init; } = [];

        public double UniformMean => Uniform.Values.Average();

        public double AioliMean => Aioli.Values.Average();

        /// <summary>Aioli minus uniform: negative when Aioli is better.</summary>
        public double Difference => AioliMean - UniformMean;
    }

    public static SeedResult RunSeed(IReadOnlyList<DomainShard> shards, ModelShape shape, int steps, AioliOptions options, int seed, int threads, string device) =>
        RunSeed(shards, shape, steps, options, new TrainingOptions { Threads = threads, Device = device, Steps = steps, KeepCheckpoint = false, Seed = seed });

    /// <summary>Both arms with <paramref name="training"/> (its seed, threads, evaluation and report sequences); <paramref name="steps"/> is the shared budget.</summary>
    /// <remarks>
    /// With <paramref name="start"/> both arms start from that mixture instead of uniform (the "uniform" arm then trains
    /// it fixed): Aioli adjusting an existing mixture, the paper's second setting.
    /// </remarks>
    public static SeedResult RunSeed(IReadOnlyList<DomainShard> shards, ModelShape shape, int steps, AioliOptions options, TrainingOptions training, Mixture? start = null)
    {
        training = training with { Steps = steps, KeepCheckpoint = false };
        var seed = training.Seed;
        start ??= Mixture.Uniform(shards.Count);
        var uniform = ProxyTrainer.Train(shards, start, shape, training);
        var method = new AioliMethod(start, steps, options, MixtureConstraints.None(shards.Count), seed);
        var aioli = InRunTrainer.Train(shards, method, shape, training, steps);
        return new SeedResult(seed, uniform.ValidationLoss, aioli.Training.ValidationLoss, aioli.Rounds, aioli.Segments, uniform.Seconds, aioli.Training.Seconds)
        {
            AioliOverheadSteps = aioli.OverheadSteps,
            Probes = method.Probes.ToArray(),
        };
    }
}

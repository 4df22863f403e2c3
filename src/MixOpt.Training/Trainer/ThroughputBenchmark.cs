using System.Diagnostics;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;

namespace MixOpt.Training.Trainer;

/// <summary>
/// Training throughput and memory of one shape, measured with the trainer's own step and loader on seeded
/// random tokens: tokens/s over the steps after the warmup, and resident memory at chosen steps.
/// </summary>
public static class ThroughputBenchmark
{
    public sealed record Result(double TokensPerSecond, double Seconds, int TimedSteps, double FinalLoss, long Parameters, IReadOnlyDictionary<int, long> ResidentBytes,
        IReadOnlyDictionary<int, long> LiveTensors, string Device);

    /// <param name="timedUntil">Throughput is timed from <paramref name="warmup"/> up to this step; training continues to <paramref name="steps"/> for the memory readings.</param>
    public static Result Run(ModelShape shape, int vocab, int threads, int steps, int warmup, int timedUntil, IReadOnlyList<int> memoryAt, int seed, string device = "cpu")
    {
        TorchRuntime.CapThreads(threads);
        var dev = TorchRuntime.SelectDevice(device);
        var precision = dev.type == TorchSharp.DeviceType.CUDA ? ComputePrecision.BFloat16 : ComputePrecision.Float32;
        var random = new Random(seed);
        int[][] tokens = [RandomTokens(random, vocab), RandomTokens(random, vocab)];
        var loader = new MixtureDataLoader(["random-a", "random-b"], tokens, Mixture.Uniform(2), shape.BatchRows, shape.SequenceLength, steps, double.MaxValue, seed);
        using var model = ProxyTrainer.Build(shape, vocab, precision, seed, dev);
        using var step = new TrainingStep(model, shape, dev);
        var resident = new Dictionary<int, long>();
        var live = new Dictionary<int, long>();
        var clock = new Stopwatch();
        var loss = double.NaN;
        for (var s = 1; s <= steps; s++)
        {
            if (s == warmup + 1) clock.Start();
            loss = step.Run(loader.Next(), shape.LearningRate);
            if (s == timedUntil) clock.Stop();
            if (memoryAt.Contains(s))
            {
                resident[s] = ResidentBytes();
                live[s] = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        }
        var timed = Math.Min(timedUntil, steps) - warmup;
        return new Result(timed * shape.TokensPerStep / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds, timed, loss, model.ParameterCount, resident, live,
            dev.type.ToString().ToLowerInvariant());
    }

    private static int[] RandomTokens(Random random, int vocab) => Enumerable.Range(0, 2_000_000).Select(_ => random.Next(vocab)).ToArray();

    /// <summary>The process's resident set (VmRSS), which includes libtorch's native allocations.</summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}

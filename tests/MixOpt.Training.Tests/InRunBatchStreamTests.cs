using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Tests;

/// <summary>Look-ahead segments with a batch stream read the same batches (common random numbers); without one they continue a shared stream.</summary>
public class InRunBatchStreamTests
{
    /// <summary>Two restored look-aheads on the same proportions, then nothing: the reports after each are what is compared.</summary>
    private sealed class TwoLookAheads(int? firstStream, int? secondStream) : IInRunMethod
    {
        private int _answered;

        public List<InRunReport> Reports { get; } = [];

        public string Name => "two-look-aheads";

        public Mixture Current => Mixture.Normalize([0.7, 0.3]);

        public IReadOnlyList<InRunRound> Rounds => [];

        public Mixture Recommended => Current;

        public InRunSegment? Next(InRunReport report)
        {
            Reports.Add(report);
            var stream = _answered switch { 0 => firstStream, 1 => secondStream, _ => (int?)null };
            if (_answered++ >= 2) return null;
            return new InRunSegment(Current, 6, InRunSegment.ProbePhase, 0) { RestoresParameters = true, CountsInBudget = false, BatchStream = stream };
        }
    }

    private static async Task<IReadOnlyList<InRunReport>> RunAsync(int? first, int? second)
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefghijklmnop", seed: 1);
        await temp.AddPatternDomainAsync("digits", "0123456789", seed: 2);
        IReadOnlyList<DomainShard> shards = [await ShardReader.ReadAsync(temp.Store, "letters"), await ShardReader.ReadAsync(temp.Store, "digits")];
        var method = new TwoLookAheads(first, second);
        InRunTrainer.Train(shards, method, ModelLadder.Tiny, new TrainingOptions { Threads = 1, Seed = 3, Device = "cpu", EvaluationSequences = 8 }, 20);
        return method.Reports;
    }

    [Fact]
    public async Task Look_aheads_with_the_same_stream_report_the_same_losses_and_a_shared_stream_does_not()
    {
        var common = await RunAsync(7, 7);
        Assert.Equal(common[1].Losses, common[2].Losses);

        var shared = await RunAsync(null, null);
        Assert.NotEqual(shared[1].Losses, shared[2].Losses);

        var different = await RunAsync(7, 8);
        Assert.NotEqual(different[1].Losses, different[2].Losses);
        Assert.Equal(common[1].Losses, different[1].Losses);
    }
}

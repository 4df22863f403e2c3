using MixOpt.Core.Mixtures;
using MixOpt.Training.Loading;

namespace MixOpt.Training.Tests;

/// <summary>The loader takes new proportions between batches without restarting (the in-run hook's contract).</summary>
public class InRunLoaderTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    private static int[][] Tokens(params int[] counts) => counts.Select((n, d) => Enumerable.Repeat(d + 1, n).ToArray()).ToArray();

    /// <summary>Rows per domain read off the rows' own tokens (each domain's tokens are its index + 1).</summary>
    private static int[] Count(MixtureDataLoader loader, int batches)
    {
        var counted = new int[3];
        for (var b = 0; b < batches; b++)
        {
            var batch = loader.Next();
            for (var r = 0; r < batch.Rows; r++) counted[(int)batch.Inputs[r * batch.Length] - 1]++;
        }
        return counted;
    }

    [Fact]
    public void Sampled_domain_frequencies_follow_the_new_proportions_after_a_change()
    {
        var loader = new MixtureDataLoader(Names, Tokens(50_000, 50_000, 50_000), Mixture.Create([0.6, 0.3, 0.1]), rows: 10, length: 16,
            plannedBatches: 50, maxEpochs: 10, seed: 3);
        var before = Count(loader, 50);
        Assert.Equal([300, 150, 50], before);

        loader.SetProportions(Mixture.Create([0.1, 0.2, 0.7]), plannedBatches: 50);
        var after = Count(loader, 50);

        // From the first row after the change, rows follow the new proportions, not the run's history.
        Assert.Equal([50, 100, 350], after);
        Assert.Equal([0.1, 0.2, 0.7], loader.Proportions);
        Assert.Equal(350 / 1000.0, loader.MeasuredProportions[0], 9);
    }

    [Fact]
    public void A_change_keeps_each_domain_walking_its_windows_instead_of_restarting_them()
    {
        var text = Enumerable.Range(0, 3 * 17 * 40).Select(i => i % 200 + 1).ToArray();
        var loader = new MixtureDataLoader(["x", "y"], [text, text], Mixture.Create([1, 0]), rows: 4, length: 16, plannedBatches: 5, maxEpochs: 10, seed: 1);
        var starts = new List<long>();
        for (var b = 0; b < 5; b++) { var batch = loader.Next(); for (var r = 0; r < 4; r++) starts.Add(batch.Inputs[r * 16]); }
        loader.SetProportions(Mixture.Create([1, 0]), plannedBatches: 5);
        for (var b = 0; b < 5; b++) { var batch = loader.Next(); for (var r = 0; r < 4; r++) starts.Add(batch.Inputs[r * 16]); }
        // 40 distinct windows drawn: the shuffled order went on where it was, no window came twice in the first epoch.
        Assert.Equal(40, starts.Count);
        Assert.Equal(120, loader.TokensDrawn.Sum() / 16 * 3);
    }

    [Fact]
    public void A_change_that_would_break_the_epoch_cap_is_refused_and_the_proportions_stay()
    {
        var loader = new MixtureDataLoader(Names, Tokens(17 * 100, 50_000, 50_000), Mixture.Create([0.2, 0.4, 0.4]), rows: 10, length: 16,
            plannedBatches: 10, maxEpochs: 1, seed: 3);
        Count(loader, 10);
        var e = Assert.Throws<EpochCapException>(() => loader.SetProportions(Mixture.Create([0.9, 0.05, 0.05]), plannedBatches: 10));
        Assert.Contains("'a'", e.Message);
        Assert.Equal([0.2, 0.4, 0.4], loader.Proportions);
    }
}

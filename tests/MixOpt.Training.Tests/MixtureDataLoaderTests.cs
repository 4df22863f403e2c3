using MixOpt.Core.Mixtures;
using MixOpt.Training.Loading;

namespace MixOpt.Training.Tests;

public class MixtureDataLoaderTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    // Each domain's tokens are its index, so a row's origin can be read off its tokens.
    private static int[][] Tokens(params int[] counts) => counts.Select((n, d) => Enumerable.Repeat(d + 1, n).ToArray()).ToArray();

    [Fact]
    public void Measured_proportions_match_the_mixture()
    {
        var mixture = Mixture.Create([0.5, 0.3, 0.2]);
        var loader = new MixtureDataLoader(Names, Tokens(50_000, 50_000, 50_000), mixture, rows: 10, length: 16, plannedBatches: 100, maxEpochs: 10, seed: 7);
        var counted = new int[3];
        for (var b = 0; b < 100; b++)
        {
            var batch = loader.Next();
            for (var r = 0; r < batch.Rows; r++)
            {
                // The row's tokens say where it came from, independently of the loader's own bookkeeping.
                counted[(int)batch.Inputs[r * batch.Length] - 1]++;
                Assert.Equal(batch.Domains[r] + 1, (int)batch.Inputs[r * batch.Length]);
            }
        }
        for (var d = 0; d < 3; d++)
        {
            Assert.Equal(mixture[d], counted[d] / 1000.0, 3);
            Assert.Equal(mixture[d], loader.MeasuredProportions[d], 3);
        }
    }

    [Fact]
    public void Same_seed_same_batches_other_seed_other_batches()
    {
        int[][] text = [Enumerable.Range(0, 5000).Select(i => i % 251).ToArray(), Enumerable.Range(0, 5000).Select(i => (i * 7) % 253).ToArray()];
        var mixture = Mixture.Create([0.6, 0.4]);
        MixtureDataLoader Make(int seed) => new(["x", "y"], text, mixture, 4, 8, 20, 10, seed);
        var (first, again, other) = (Make(1), Make(1), Make(2));
        var same = true;
        var differs = false;
        for (var i = 0; i < 20; i++)
        {
            var (a, b, c) = (first.Next(), again.Next(), other.Next());
            same &= a.Inputs.SequenceEqual(b.Inputs) && a.Targets.SequenceEqual(b.Targets);
            differs |= !a.Inputs.SequenceEqual(c.Inputs);
        }
        Assert.True(same);
        Assert.True(differs);
    }

    [Fact]
    public void Targets_are_inputs_shifted_by_one()
    {
        int[][] text = [Enumerable.Range(0, 1000).ToArray(), Enumerable.Range(5000, 1000).ToArray()];
        var loader = new MixtureDataLoader(["x", "y"], text, Mixture.Uniform(2), 3, 10, 5, 10, 3);
        var batch = loader.Next();
        for (var r = 0; r < batch.Rows; r++)
            for (var i = 0; i < batch.Length; i++)
                Assert.Equal(batch.Inputs[r * batch.Length + i] + 1, batch.Targets[r * batch.Length + i]);
    }

    [Fact]
    public void Epochs_are_counted_per_domain()
    {
        // Domain a: 10 windows of 9 tokens; b: 100 windows. Half the rows each: after 40 rows, a has seen 2 epochs.
        var loader = new MixtureDataLoader(["a", "b"], Tokens(90, 900), Mixture.Uniform(2), rows: 4, length: 8, plannedBatches: 10, maxEpochs: 3, seed: 1);
        for (var i = 0; i < 10; i++) loader.Next();
        Assert.Equal(2.0, loader.Epochs[0], 9);
        Assert.Equal(0.2, loader.Epochs[1], 9);
        Assert.Equal(160, loader.TokensDrawn[0]);
    }

    [Fact]
    public void A_mixture_breaking_the_epoch_cap_is_refused()
    {
        var e = Assert.Throws<EpochCapException>(() =>
            new MixtureDataLoader(["a", "b"], Tokens(90, 900), Mixture.Create([0.9, 0.1]), rows: 4, length: 8, plannedBatches: 10, maxEpochs: 3, seed: 1));
        Assert.Contains("'a'", e.Message);
        Assert.Contains("cap is 3", e.Message);
    }

    [Fact]
    public void Weight_on_a_domain_without_tokens_is_refused_and_zero_weight_is_allowed()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new MixtureDataLoader(["a", "b"], Tokens(0, 900), Mixture.Create([0.5, 0.5]), 4, 8, 10, 3, 1));
        Assert.Contains("'a'", e.Message);
        Assert.Contains("0 train tokens", e.Message);

        var loader = new MixtureDataLoader(["a", "b"], Tokens(0, 900), Mixture.Create([0.0, 1.0]), 4, 8, 10, 3, 1);
        Assert.All(loader.Next().Domains, d => Assert.Equal(1, d));
    }
}

using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.Hierarchy;

public sealed class QuaDMixWeightsTests
{
    [Fact]
    public void Zero_sharpness_keeps_the_token_shares()
    {
        Assert.Equal([0.1, 0.3, 0.6], QuaDMixWeights.Shares([1, 3, 6], 0.8, 0).Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void Two_equal_buckets_split_one_to_three_at_sharpness_four_ln_three()
    {
        // u = 0.25, 0.75; s·(u − 0.5) = ∓ln 3; σ(−ln 3) = 1/4, σ(ln 3) = 3/4.
        var shares = QuaDMixWeights.Shares([100, 100], 0.5, 4 * Math.Log(3));
        Assert.Equal(0.25, shares[0], 12);
        Assert.Equal(0.75, shares[1], 12);
    }

    [Fact]
    public void Four_buckets_at_threshold_half_and_sharpness_eight_have_the_formula_values()
    {
        // u = 1/8, 3/8, 5/8, 7/8; s·(u − ½) = −3, −1, 1, 3; weights σ(−3), σ(−1), σ(1), σ(3), whose sum is 2.
        static double Sigma(double x) => 1 / (1 + Math.Exp(-x));
        var shares = QuaDMixWeights.Shares([1, 1, 1, 1], 0.5, 8);
        double[] expected = [Sigma(-3) / 2, Sigma(-1) / 2, Sigma(1) / 2, Sigma(3) / 2];
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], shares[i], 12);
    }

    [Fact]
    public void A_high_threshold_with_high_sharpness_keeps_mostly_the_top_bucket()
    {
        var shares = QuaDMixWeights.Shares([1, 1, 1, 1], 0.75, QuaDMixWeights.MaxSharpness);
        Assert.True(shares[3] > 0.85, string.Join(", ", shares));
        Assert.True(shares[0] < 0.01);
    }

    [Fact]
    public void The_fit_recovers_a_grid_point_it_was_made_from()
    {
        double[] tokens = [2, 1, 1, 3];
        var shares = QuaDMixWeights.Shares(tokens, 0.625, 15);
        var (theta, s) = QuaDMixWeights.Fit(shares, tokens);
        Assert.Equal(0.625, theta, 12);
        Assert.Equal(15, s, 12);
    }

    [Fact]
    public void Out_of_range_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuaDMixWeights.Shares([1, 1], 1.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuaDMixWeights.Shares([1, 1], 0.5, double.NaN));
    }
}

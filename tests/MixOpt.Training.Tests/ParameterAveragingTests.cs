using MixOpt.Training.Merging;
using MixOpt.Training.Modeling;
using MixOpt.Training.Trainer;
using static TorchSharp.torch;

namespace MixOpt.Training.Tests;

public class ParameterAveragingTests
{
    private const int Vocab = 64;

    private static ProxyLanguageModel Model(int seed) => ProxyTrainer.Build(ModelLadder.Tiny, Vocab, ComputePrecision.Float32, seed, CPU);

    private static double MaxDifference(nn.Module a, nn.Module b)
    {
        var left = a.state_dict();
        var right = b.state_dict();
        Assert.Equal(left.Keys.Order(), right.Keys.Order());
        return left.Max(p => (p.Value - right[p.Key]).abs().max().item<float>());
    }

    [Fact]
    public void The_average_of_identical_models_is_that_model()
    {
        using var a = Model(1);
        using var b = Model(1);
        using var c = Model(1);
        using var into = Model(99);
        Assert.True(MaxDifference(a, into) > 1e-3, "the target starts as a different model");

        ParameterAveraging.AverageInto(into, [a, b, c], [0.3, 0.2, 0.5]);

        Assert.True(MaxDifference(a, into) < 1e-6, $"max difference {MaxDifference(a, into)}");
    }

    [Fact]
    public void Weights_one_and_zero_give_the_first_model_exactly()
    {
        using var first = Model(1);
        using var second = Model(2);
        using var into = Model(3);
        Assert.True(MaxDifference(first, second) > 1e-3);

        ParameterAveraging.AverageInto(into, [first, second], [1.0, 0.0]);

        Assert.Equal(0.0, MaxDifference(first, into));
    }

    [Fact]
    public void Equal_weights_give_the_elementwise_mean()
    {
        using var first = Model(1);
        using var second = Model(2);
        using var into = Model(3);

        ParameterAveraging.AverageInto(into, [first, second], [0.5, 0.5]);

        var a = first.state_dict();
        var b = second.state_dict();
        foreach (var (name, merged) in into.state_dict())
            Assert.True((merged - (a[name] + b[name]) / 2).abs().max().item<float>() < 1e-6, name);
    }

    [Theory]
    [InlineData(0.5, 0.4)]
    [InlineData(1.2, -0.2)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(double.PositiveInfinity, 0.0)]
    public void Weights_off_the_simplex_are_refused_and_the_target_is_untouched(double w0, double w1)
    {
        using var first = Model(1);
        using var second = Model(2);
        using var into = Model(3);
        using var reference = Model(3);

        var e = Assert.Throws<ArgumentException>(() => ParameterAveraging.AverageInto(into, [first, second], [w0, w1]));

        Assert.Contains("weight", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0.0, MaxDifference(reference, into));
    }

    [Fact]
    public void A_weight_count_that_does_not_match_the_models_is_refused()
    {
        using var first = Model(1);
        using var into = Model(3);
        Assert.Throws<ArgumentException>(() => ParameterAveraging.AverageInto(into, [first], [0.5, 0.5]));
        Assert.Throws<ArgumentException>(() => ParameterAveraging.AverageInto(into, [], []));
    }

    [Fact]
    public void Models_of_different_shapes_are_refused()
    {
        using var tiny = Model(1);
        using var wider = ProxyTrainer.Build(ModelLadder.Tiny with { Dim = 64 }, Vocab, ComputePrecision.Float32, 1, CPU);
        using var into = Model(3);
        Assert.Throws<ArgumentException>(() => ParameterAveraging.AverageInto(into, [tiny, wider], [0.5, 0.5]));
    }
}

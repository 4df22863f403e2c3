using MathNet.Numerics.Distributions;
using MixOpt.Core.Acquisition;

namespace MixOpt.Core.Tests.Acquisition;

public class LogExpectedImprovementTests
{
    [Fact]
    public void Is_zero_where_the_model_is_certain_and_worse()
    {
        Assert.Equal(double.NegativeInfinity, LogExpectedImprovement.Value(mean: 2.0, stdDev: 0, best: 1.0, minimize: true));
        // Almost certain and worse: EI is astronomically small but its log stays finite and usable.
        var log = LogExpectedImprovement.Value(mean: 2.0, stdDev: 1e-3, best: 1.0, minimize: true);
        Assert.True(double.IsFinite(log) && Math.Exp(log) < 1e-100, $"log EI {log}");
    }

    [Fact]
    public void Matches_the_closed_form_where_plain_EI_is_representable()
    {
        foreach (var (mean, std) in new[] { (0.5, 1.0), (1.2, 0.3), (0.9, 0.05), (2.0, 0.4) })
        {
            var z = (1.0 - mean) / std;
            var ei = std * (Normal.PDF(0, 1, z) + z * Normal.CDF(0, 1, z));
            Assert.Equal(Math.Log(ei), LogExpectedImprovement.Value(mean, std, best: 1.0, minimize: true), 6);
        }
    }

    [Fact]
    public void Stays_finite_and_ordered_far_below_the_incumbent()
    {
        var values = new[] { -5.0, -8, -15, -40, -200 }.Select(LogExpectedImprovement.LogH).ToArray();
        Assert.All(values, v => Assert.True(double.IsFinite(v)));
        for (var i = 1; i < values.Length; i++) Assert.True(values[i] < values[i - 1]);
        // Reference values of log(φ(z) + zΦ(z)) computed independently with mpmath at 50 digits.
        Assert.Equal(-16.744301162661, LogExpectedImprovement.LogH(-5.0000001), 5);
        Assert.Equal(-37.1223642616926, LogExpectedImprovement.LogH(-8), 8);
        Assert.Equal(-55.5531220361224, LogExpectedImprovement.LogH(-10), 8);
        Assert.Equal(-206.917838509425, LogExpectedImprovement.LogH(-20), 8);
        // The two formulas join continuously at z = −5.
        Assert.Equal(LogExpectedImprovement.LogH(-4.999999), LogExpectedImprovement.LogH(-5.000001), 4);
    }

    [Fact]
    public void Prefers_more_uncertainty_and_better_means()
    {
        Assert.True(LogExpectedImprovement.Value(1.0, 0.5, 1.0, true) > LogExpectedImprovement.Value(1.0, 0.1, 1.0, true));
        Assert.True(LogExpectedImprovement.Value(0.8, 0.1, 1.0, true) > LogExpectedImprovement.Value(0.9, 0.1, 1.0, true));
        Assert.True(LogExpectedImprovement.Value(1.2, 0.1, 1.0, minimize: false) > LogExpectedImprovement.Value(1.1, 0.1, 1.0, minimize: false));
    }

    [Fact]
    public void Ucb_is_optimistic_in_the_objective_direction()
    {
        Assert.Equal(-(1.0 - 2 * 0.5), UpperConfidenceBound.Value(1.0, 0.5, minimize: true), 12);
        Assert.Equal(1.0 + 2 * 0.5, UpperConfidenceBound.Value(1.0, 0.5, minimize: false), 12);
        Assert.True(UpperConfidenceBound.Value(1.0, 0.9, true) > UpperConfidenceBound.Value(1.0, 0.1, true));
    }
}

using MathNet.Numerics.Distributions;
using MixOpt.Core.MultiObjective;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class ExpectedHypervolumeImprovementTests
{
    [Fact]
    public void A_certain_point_improves_by_its_exact_new_area()
    {
        var ehvi = new ExpectedHypervolumeImprovement([[1, 3], [3, 1]], [4, 4], samples: 16, seed: 1);
        Assert.Equal(1.0, ehvi.Expected([2, 2], [0, 0]), 12);
        Assert.Equal(0.0, ehvi.Expected([3, 3], [0, 0]), 12); // dominated
        Assert.Equal(0.0, ehvi.Improvement([1, 3]));           // already on the front
    }

    [Fact]
    public void With_one_objective_it_is_expected_improvement()
    {
        // One objective, reference far away: E[max(0, best − Y)] with Y ~ N(μ, σ²), which has a closed form.
        const double best = 1.0, mu = 1.2, sigma = 0.5;
        var ehvi = new ExpectedHypervolumeImprovement([[best]], [100], samples: 40_000, seed: 7);
        var z = (best - mu) / sigma;
        var exact = (best - mu) * Normal.CDF(0, 1, z) + sigma * Normal.PDF(0, 1, z);
        Assert.InRange(ehvi.Expected([mu], [sigma]) - exact, -0.005, 0.005); // Monte Carlo error ≈ 0.001 at 40,000 draws
    }

    [Fact]
    public void The_same_seed_gives_the_same_estimate()
    {
        var a = new ExpectedHypervolumeImprovement([[1, 3], [3, 1]], [4, 4], 64, 9).Expected([2, 2], [0.5, 0.5]);
        var b = new ExpectedHypervolumeImprovement([[1, 3], [3, 1]], [4, 4], 64, 9).Expected([2, 2], [0.5, 0.5]);
        Assert.Equal(a, b);
        Assert.True(a > 0);
    }
}

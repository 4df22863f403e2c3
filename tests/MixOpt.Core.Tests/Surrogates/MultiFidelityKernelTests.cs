using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

public class MultiFidelityKernelTests
{
    /// <summary>Rows of 3 mixture weights and a fidelity z, at both ends of the ladder and between.</summary>
    private static (double[] X, double[] Y) Rows()
    {
        var mixtures = TestFunctions.Draw(3, 12, seed: 8);
        var x = mixtures.SelectMany((m, i) => m.Append(i % 3 == 0 ? 1.0 : i % 3 == 1 ? 0.0 : 0.5)).ToArray();
        var y = mixtures.Select((m, i) => Math.Exp(-2 * m[0]) + m[1] + (i % 3 == 1 ? 1.5 : 0)).ToArray();
        return (x, Standardizer.Fit(y).ToAll(y));
    }

    [Fact]
    public void Map_objective_gradient_matches_finite_differences()
    {
        var kernel = new MultiFidelityKernel(3);
        var (x, y) = Rows();
        double[] theta = [Math.Log(0.4), Math.Log(0.9), Math.Log(2.0), 0.3, 1.2, Math.Log(0.2), 0.4, Math.Log(0.02)];
        foreach (var prior in new[] { null, kernel.Prior() })
        {
            PosteriorGradientCheck.AssertMatches(kernel, prior, theta, x, y, $" (prior: {prior is not null})");
        }
    }
}

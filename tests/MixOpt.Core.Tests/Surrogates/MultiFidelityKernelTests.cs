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
        double[] theta = [Math.Log(0.4), Math.Log(0.9), Math.Log(2.0), 0.3, 1.2, Math.Log(0.2), Math.Log(0.7), Math.Log(0.02)];
        foreach (var prior in new[] { null, kernel.Prior() })
        {
            var (_, gradient) = GaussianProcessFitter.NegativeLogPosterior(kernel, prior, theta, x, y);
            for (var j = 0; j < theta.Length; j++)
            {
                var up = (double[])theta.Clone();
                var down = (double[])theta.Clone();
                up[j] += 1e-5;
                down[j] -= 1e-5;
                var numeric = (GaussianProcessFitter.NegativeLogPosterior(kernel, prior, up, x, y).Value -
                               GaussianProcessFitter.NegativeLogPosterior(kernel, prior, down, x, y).Value) / 2e-5;
                Assert.True(Math.Abs(numeric - gradient[j]) < 1e-5 + 1e-3 * Math.Abs(numeric), $"parameter {j} (prior: {prior is not null}): analytic {gradient[j]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void A_target_run_below_every_cheap_run_shifts_the_whole_target_surface_not_only_its_own_mixture()
    {
        // Cheap rung (z = 0) everywhere, one target run (z = 1) far below it: the shared level c carries the offset,
        // so a target prediction far from that run drops too (a model without c would dip only near the run).
        var kernel = new MultiFidelityKernel(2);
        var mixtures = TestFunctions.Draw(2, 10, seed: 3);
        var x = mixtures.SelectMany(m => m.Append(0.0)).Concat([0.9, 0.1, 1.0]).ToArray();
        var y = mixtures.Select(m => 3 + m[0]).Append(1.0 + 0.9).ToArray();
        var process = GaussianProcess.Condition(kernel, kernel.InitialParameters(), 1e-4, x, y, Standardizer.Fit(y));
        var far = process.Predict([0.1, 0.9, 1.0]).Mean;
        Assert.True(far < 2.5, $"target prediction far from the target run: {far} (cheap rung ≈ 3.1, target run 1.9)");
    }
}

using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

/// <summary>Compares the analytic gradient of the GP's negative log posterior with central finite differences.</summary>
internal static class PosteriorGradientCheck
{
    public static void AssertMatches(IGpKernel kernel, HyperparameterPrior? prior, double[] theta, double[] x, double[] y, string label = "")
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
            Assert.True(Math.Abs(numeric - gradient[j]) < 1e-5 + 1e-3 * Math.Abs(numeric), $"parameter {j}{label}: analytic {gradient[j]}, numeric {numeric}");
        }
    }
}

using MathNet.Numerics.Distributions;

namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// Sparse mixtures as published run tables sample them: each draw is a symmetric Dirichlet whose concentration
/// is itself drawn log-uniformly from [<see cref="MinConcentration"/>, <see cref="MaxConcentration"/>], so some
/// rows put nearly everything on a few domains and others are spread out.
/// </summary>
public static class SparseDirichlet
{
    public const double MinConcentration = 0.05;
    public const double MaxConcentration = 1.0;

    public static double[] Next(int domains, Random random)
    {
        var alpha = Math.Exp(Math.Log(MinConcentration) + random.NextDouble() * (Math.Log(MaxConcentration) - Math.Log(MinConcentration)));
        var w = new double[domains];
        for (var attempt = 0; ; attempt++)
        {
            var sum = 0.0;
            for (var j = 0; j < domains; j++) { w[j] = Gamma.Sample(random, alpha, 1.0); sum += w[j]; }
            if (sum > 0 && double.IsFinite(sum))
            {
                for (var j = 0; j < domains; j++) w[j] /= sum;
                return w;
            }
            // Every gamma variate underflowed (tiny alpha, few domains): draw again rather than divide by zero.
            if (attempt > 100) throw new InvalidOperationException("Sparse Dirichlet draw failed to produce a mixture.");
        }
    }
}

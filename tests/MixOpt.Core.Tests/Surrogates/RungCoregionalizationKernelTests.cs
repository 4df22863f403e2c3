using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

public class RungCoregionalizationKernelTests
{
    /// <summary>
    /// Two rungs whose shapes have correlation <paramref name="rho"/> by construction: one joint draw from a Gaussian
    /// process with the coregionalization kernel itself at known parameters (lengthscale 1 on the warped weights,
    /// unit signal at both rungs, rung correlation ρ), the cheap rung 3 above the target, noise 0.01; every mixture
    /// is run at the cheap rung, the first <paramref name="targetRuns"/> at the target too.
    /// </summary>
    private static List<Observation> Paired(double rho, int mixtures, int targetRuns, int seed)
    {
        var kernel = new RungCoregionalizationKernel(4, [0.0, 1.0]);
        var theta = kernel.InitialParameters();
        for (var j = 0; j < 4; j++) theta[j] = 0.0;
        theta[4] = theta[5] = 0.0;
        theta[6] = theta[7] = Math.Log(1e-6);
        theta[kernel.RateIndex] = Math.Log(-Math.Log(rho));
        theta[kernel.RateIndex + 1] = 0;
        var draws = new UniformSimplexSampler(4, seed + 2).Sample(mixtures).ToArray();
        var runs = draws.Select(m => (Mixture: m, Rung: 0)).Concat(draws.Take(targetRuns).Select(m => (Mixture: m, Rung: 1))).ToArray();
        var x = runs.SelectMany(r => r.Mixture.Weights.Select(GaussianProcessSurrogate.DiminishingReturns).Append((double)r.Rung)).ToArray();
        var gram = GaussianProcess.Gram(kernel.Bind(theta), x, runs.Length, kernel.InputWidth);
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(runs.Length, runs.Length, gram);
        for (var i = 0; i < runs.Length; i++) matrix[i, i] += 1e-8;
        var random = new Random(seed + 1);
        var z = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(runs.Length, _ => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1));
        var shape = matrix.Cholesky().Factor * z;
        return runs.Select((r, i) => new Observation(r.Mixture, r.Rung == 0 ? 0.1 : 1.0,
            shape[i] + (r.Rung == 0 ? 3 : 0) + 0.01 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1))).ToList();
    }

    private static RungTrust Estimate(double rho, int mixtures, int targetRuns, int seed) =>
        RungGp.Fit([0.1, 1.0], Paired(rho, mixtures, targetRuns, seed), BayesianDefaults.MapFitter(new HyperparameterReuse()), seed).Trust.Single();

    [Fact]
    public void Map_objective_gradient_matches_finite_differences()
    {
        var kernel = new RungCoregionalizationKernel(3, [0.0, 0.4, 1.0]);
        var mixtures = TestFunctions.Draw(3, 15, seed: 8);
        var x = mixtures.SelectMany((m, i) => m.Append(i % 3)).ToArray();
        var raw = mixtures.Select((m, i) => Math.Exp(-2 * m[0]) + m[1] + (i % 3 == 1 ? 1.5 : 0)).ToArray();
        var y = Standardizer.Fit(raw).ToAll(raw);
        double[] theta = [Math.Log(0.4), Math.Log(0.9), Math.Log(2.0), -0.3, 0.2, -0.8, 0.4, -1.0, 0.1, Math.Log(0.3), 0.3, -0.2, Math.Log(0.02)];
        Assert.Equal(kernel.ParameterCount + 1, theta.Length);
        foreach (var prior in new[] { null, kernel.Prior() })
            PosteriorGradientCheck.AssertMatches(kernel, prior, theta, x, y, $" (prior: {prior is not null})");
    }

    [Fact]
    public void Correlations_form_a_valid_matrix_that_decays_along_the_ladder()
    {
        var kernel = new RungCoregionalizationKernel(2, [0.0, 0.5, 1.0]);
        var theta = kernel.InitialParameters();
        theta[kernel.RateIndex] = Math.Log(0.8);
        var r = kernel.Correlations(theta);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1.0, r[i * 3 + i], 12));
        Assert.True(r[0 * 3 + 2] < r[1 * 3 + 2], "the cheapest rung is further from the target than the middle one");
        Assert.Equal(r[0 * 3 + 1] * r[1 * 3 + 2], r[0 * 3 + 2], 12);
    }

    [Theory]
    [InlineData(0.9, 1)]
    [InlineData(0.3, 2)]
    public void The_rung_correlation_estimate_recovers_a_known_correlation_with_its_uncertainty(double rho, int seed)
    {
        var trust = Estimate(rho, mixtures: 60, targetRuns: 60, seed);
        Assert.True(Math.Abs(trust.Correlation - rho) < 0.15, $"estimated {trust.Correlation:F3} ± {trust.StdDev:F3} for a true {rho}");
        Assert.True(trust.Lower95 - 0.05 <= rho && rho <= trust.Upper95 + 0.05, $"true {rho} outside [{trust.Lower95:F3}, {trust.Upper95:F3}]");
        Assert.True(trust.Lower95 <= trust.Correlation && trust.Correlation <= trust.Upper95);
    }

    [Fact]
    public void Weak_and_strong_transfer_are_told_apart_and_few_target_runs_leave_a_wider_interval()
    {
        var strong = Estimate(0.95, mixtures: 60, targetRuns: 40, seed: 3);
        var weak = Estimate(0.2, mixtures: 60, targetRuns: 40, seed: 3);
        Assert.True(weak.Upper95 < strong.Lower95, $"weak [{weak.Lower95:F2}, {weak.Upper95:F2}] vs strong [{strong.Lower95:F2}, {strong.Upper95:F2}]");
        // Widths compared where the approximation is normal: log(−log ρ), the log of the trust lost over the ladder.
        static double Width(RungTrust t) => Math.Log(-Math.Log(t.Lower95)) - Math.Log(-Math.Log(t.Upper95));
        var few = Estimate(0.2, mixtures: 60, targetRuns: 4, seed: 3);
        Assert.True(Width(few) > Width(weak), $"4 target runs [{few.Lower95:F2}, {few.Upper95:F2}] vs 40 [{weak.Lower95:F2}, {weak.Upper95:F2}]");
    }
}

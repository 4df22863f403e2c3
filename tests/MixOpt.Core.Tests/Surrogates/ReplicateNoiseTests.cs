using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

/// <summary>The replicate noise estimate and what it does to bo's MAP fit, on data with known noise.</summary>
public sealed class ReplicateNoiseTests
{
    /// <summary>A small linear signal on 5-domain sparse mixtures; <paramref name="replicates"/> runs of each with Gaussian noise of <paramref name="noiseSd"/>.</summary>
    internal static (double[][] Mixtures, double[] Values, double[] Truth) Replicated(int mixtures, int replicates, double noiseSd, int seed)
    {
        var random = new Random(seed);
        double[] slope = [0.3, -0.2, 0.1, 0.25, -0.15];
        var w = new List<double[]>();
        var values = new List<double>();
        var truth = new List<double>();
        for (var i = 0; i < mixtures; i++)
        {
            var mixture = SparseDirichlet.Next(5, random);
            var clean = mixture.Select((v, j) => v * slope[j]).Sum();
            for (var r = 0; r < replicates; r++)
            {
                w.Add(mixture);
                truth.Add(clean);
                values.Add(clean + noiseSd * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1));
            }
        }
        return (w.ToArray(), values.ToArray(), truth.ToArray());
    }

    private static double[] Flat(double[][] rows) => rows.SelectMany(r => r).ToArray();

    [Fact]
    public void Pooled_replicate_variance_recovers_the_known_noise()
    {
        var (mixtures, values, _) = Replicated(mixtures: 60, replicates: 3, noiseSd: 0.2, seed: 1);
        var estimate = ReplicateNoise.Estimate(Flat(mixtures), 5, values);
        Assert.NotNull(estimate);
        Assert.Equal(60 * 2, estimate.DegreesOfFreedom);
        // 120 degrees of freedom: the sample variance is within ±26% of σ² = 0.04 at about 95%.
        Assert.InRange(estimate.Variance, 0.04 * 0.74, 0.04 * 1.26);
    }

    [Fact]
    public void No_repeated_input_gives_no_estimate()
    {
        var (mixtures, values, _) = Replicated(mixtures: 20, replicates: 1, noiseSd: 0.2, seed: 2);
        Assert.Null(ReplicateNoise.Estimate(Flat(mixtures), 5, values));
    }

    [Fact]
    public void Identical_replicates_give_noise_evidence_at_the_floor_not_minus_infinity()
    {
        var estimate = ReplicateNoise.Estimate(new double[] { 0.5, 0.5, 0.5, 0.5 }, 2, [1.0, 1.0]);
        Assert.NotNull(estimate);
        var (mean, stdDev) = estimate.LogNoiseEvidence(scale: 1.0);
        Assert.Equal(Math.Log(1e-6), mean, 9);
        Assert.Equal(Math.Sqrt(2.0), stdDev, 9);
    }

    [Fact]
    public void Map_fit_on_noise_dominated_replicates_learns_the_noise_instead_of_the_prior()
    {
        // Noise sd 0.2 against a signal whose spread across mixtures is about 0.1: most of the variance is noise.
        var (mixtures, values, _) = Replicated(mixtures: 16, replicates: 2, noiseSd: 0.2, seed: 3);
        var fit = TargetGp.Fit(mixtures, values, BayesianDefaults.MapFitter(new HyperparameterReuse()), seed: 5).Process;
        var rawNoise = fit.Noise * fit.Standardizer.Scale * fit.Standardizer.Scale;
        // The prior alone centres the noise at 1% of the variance; the replicates say about 80%.
        Assert.InRange(rawNoise, 0.04 / 2, 0.04 * 2);
    }
}

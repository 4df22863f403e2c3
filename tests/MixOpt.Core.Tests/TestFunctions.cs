using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests;

/// <summary>Known functions on the simplex for tests: the foundation's mixing-law oracle, sampled with a seed.</summary>
public static class TestFunctions
{
    /// <summary>Domain 0's loss: exactly a data mixing law, so every surrogate family has a fair target.</summary>
    public static readonly ObjectiveSpec FirstDomainLoss = new() { Metric = "loss:d0" };

    public static string[] DomainNames(int domains) => Enumerable.Range(0, domains).Select(i => "d" + i).ToArray();

    /// <summary>Noise-free mean loss of the oracle at each mixture.</summary>
    public static double[] Evaluate(MixingLawOracle oracle, IReadOnlyList<double[]> mixtures) =>
        mixtures.Select(m => oracle.Objective(Mixture.Create(m), FirstDomainLoss, DomainNames(oracle.Domains))).ToArray();

    public static double[][] Draw(int domains, int count, int seed) =>
        new UniformSimplexSampler(domains, seed).Sample(count).Select(m => m.ToArray()).ToArray();

    /// <summary>Training data from the oracle with optional Gaussian noise.</summary>
    public static SurrogateData Data(MixingLawOracle oracle, int count, int seed, double noise = 0)
    {
        var x = Draw(oracle.Domains, count, seed);
        var random = new Random(seed + 1);
        var y = Evaluate(oracle, x).Select(v => v + noise * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1)).ToArray();
        return SurrogateData.AtFidelity(x, y);
    }

    public static MixingLawOracle Oracle(int domains, int seed) => MixingLawOracle.Create(new SimulatorSpec { NoiseStd = 0 }, domains, seed);
}

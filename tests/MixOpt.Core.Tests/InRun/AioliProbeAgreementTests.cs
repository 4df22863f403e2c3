using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.InRun;

/// <summary>The per-sweep diagnosis of Aioli's probes against a known linear law with and without noise.</summary>
public class AioliProbeAgreementTests
{
    /// <summary>Domain j's loss falls by Σ_i A_ji p_i per probe: training on domain 0 helps most (column sums 0.05, 0.02, 0.01).</summary>
    private static readonly double[,] Law = { { 0.03, 0.01, 0.00 }, { 0.01, 0.01, 0.00 }, { 0.01, 0.00, 0.01 } };

    private static List<AioliProbe> Sweeps(int sweeps, double noise, int seed)
    {
        var random = new Random(seed);
        var probes = new List<AioliProbe>();
        for (var s = 0; s < sweeps; s++)
            for (var d = 0; d < 3; d++)
            {
                var p = AioliEstimator.ProbeMixture(d, [1 / 3.0, 1 / 3.0, 1 / 3.0], 0.5, MixtureConstraints.None(3));
                var change = Enumerable.Range(0, 3).Select(j => -Enumerable.Range(0, 3).Sum(i => Law[j, i] * p[i]) + noise * (random.NextDouble() - 0.5)).ToArray();
                probes.Add(new AioliProbe(0, s, d, p, change));
            }
        return probes;
    }

    [Fact]
    public void Noise_free_sweeps_recover_the_centered_gradient_and_agree_on_every_sign()
    {
        var a = AioliProbeAgreement.Of(Sweeps(4, 0, 1), 3);
        // Column sums 0.05, 0.02, 0.01 centered on their mean 0.08 / 3.
        Assert.Equal(0.05 - 0.08 / 3, a.Reference[0], 9);
        Assert.Equal(0.02 - 0.08 / 3, a.Reference[1], 9);
        Assert.Equal(0.01 - 0.08 / 3, a.Reference[2], 9);
        Assert.All(a.SingleSweepNoise, n => Assert.True(n < 1e-9));
        Assert.All(a.SignAgreement, x => Assert.Equal(1.0, x));
        Assert.Equal(4, a.Sweeps);
        // Diagonal 0.03, 0.01, 0.01 centered on 0.05 / 3: the rest of the reference is what each domain does for the others.
        Assert.Equal(0.03 - 0.05 / 3, a.SelfPart[0], 9);
        Assert.Equal(0.01 - 0.05 / 3, a.SelfPart[2], 9);
        // Mean gradient 0.0267 against the largest centered entry 0.0233.
        Assert.Equal(0.08 / 3 / (0.05 - 0.08 / 3), a.ShiftToSpread, 6);
    }

    [Fact]
    public void Noise_larger_than_the_differences_lowers_the_signal_to_noise_ratio_and_the_agreement()
    {
        var quiet = AioliProbeAgreement.Of(Sweeps(16, 0.002, 2), 3);
        var loud = AioliProbeAgreement.Of(Sweeps(16, 0.2, 2), 3);
        Assert.True(quiet.SignalToNoise.Min() > 3, $"quiet SNR {string.Join(" ", quiet.SignalToNoise)}");
        Assert.True(loud.SignalToNoise.Average() < quiet.SignalToNoise.Average() / 10, $"loud SNR {string.Join(" ", loud.SignalToNoise)}");
        Assert.True(loud.SignAgreement.Average() < quiet.SignAgreement.Average(), "noisier sweeps agree less often");
    }

    [Fact]
    public void One_sweep_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AioliProbeAgreement.Of(Sweeps(1, 0, 3), 3));
    }
}

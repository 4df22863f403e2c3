using MixOpt.Core.Randomness;

namespace MixOpt.Core.Studies;

/// <summary>
/// The simulated oracle's parameters resolved from a study: every one the study leaves out is drawn from its seed.
/// It lives beside <see cref="SimulatorSpec"/> so the study validator can bound what the oracle will produce without
/// depending on the simulation layer that runs it.
/// </summary>
public static class SimulatorParameters
{
    /// <summary><paramref name="spec"/> with C, K and T filled in for <paramref name="domains"/> domains.</summary>
    public static SimulatorSpec Resolve(SimulatorSpec? spec, int domains, int seed)
    {
        spec ??= new SimulatorSpec();
        var random = new Random(SeedMixer.Mix(seed, 0x5157));
        double U(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
        // Draw every default even when given, so one parameter's presence does not shift another's values.
        var c = Enumerable.Range(0, domains).Select(_ => U(2.0, 4.0)).ToArray();
        var k = Enumerable.Range(0, domains).Select(_ => U(0.5, 2.0)).ToArray();
        var t = Enumerable.Range(0, domains).Select(i =>
            Enumerable.Range(0, domains).Select(j => i == j ? -U(1.5, 4.0) : U(-0.6, 0.3)).ToArray()).ToArray();
        if (spec.C is { } givenC) c = givenC.ToArray();
        if (spec.K is { } givenK) k = givenK.ToArray();
        if (spec.T is { } givenT) t = givenT.Select(r => r.ToArray()).ToArray();
        if (c.Length != domains || k.Length != domains || t.Length != domains || t.Any(r => r.Length != domains))
            throw new ArgumentException($"Simulator parameters must have one entry per domain ({domains}).");
        return spec with { C = c, K = k, T = t };
    }
}

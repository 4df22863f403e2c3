using MathNet.Numerics.Distributions;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Simulation;

/// <summary>
/// A data-mixing-law oracle (Ye et al. 2024): the validation loss on domain i after training on mixture w is
/// <c>L_i(w) = c_i + k_i·exp(Σ_j T_ij·w_j)</c>, plus a fidelity-dependent offset and Gaussian noise.
/// It stands in for proxy training in tests, demos and benchmarks, and because every L_i is convex in w,
/// its true optimum on the simplex is known.
/// </summary>
public sealed class MixingLawOracle
{
    private readonly double[] _c;
    private readonly double[] _k;
    private readonly double[][] _t;

    private MixingLawOracle(double[] c, double[] k, double[][] t, SimulatorSpec spec)
    {
        _c = c; _k = k; _t = t;
        Spec = spec with { C = c, K = k, T = t };
    }

    /// <summary>The oracle's parameters, all resolved: storing this reproduces the oracle exactly.</summary>
    public SimulatorSpec Spec { get; }

    public int Domains => _c.Length;

    /// <summary>Builds the oracle from a study's spec; any parameter it leaves out is drawn from <paramref name="seed"/>.</summary>
    public static MixingLawOracle Create(SimulatorSpec? spec, int domains, int seed)
    {
        var resolved = SimulatorParameters.Resolve(spec, domains, seed);
        return new MixingLawOracle(resolved.C!.ToArray(), resolved.K!.ToArray(), resolved.T!.Select(r => r.ToArray()).ToArray(), resolved);
    }

    /// <summary>Noise-free per-domain losses at mixture <paramref name="w"/> and fidelity <paramref name="fidelity"/> (1 = target).</summary>
    public double[] ExpectedLosses(Mixture w, double fidelity = 1.0)
    {
        if (w.Count != Domains) throw new ArgumentException($"Mixture has {w.Count} weights; the oracle has {Domains} domains.");
        if (!(fidelity > 0) || !double.IsFinite(fidelity)) throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity, "Fidelity must be positive.");
        var offset = Spec.FidelityGap * (Math.Pow(fidelity, -Spec.FidelityExponent) - 1.0);
        var losses = new double[Domains];
        for (var i = 0; i < Domains; i++)
            losses[i] = _c[i] + _k[i] * Math.Exp(Exponent(i, w.Weights)) + offset;
        return losses;
    }

    /// <summary>
    /// One simulated run: losses with noise drawn from <paramref name="noiseSeed"/>, so the same run
    /// re-executed (a retried attempt) reports the same result.
    /// </summary>
    public IReadOnlyDictionary<string, double> Sample(Mixture w, double fidelity, IReadOnlyList<string> domainNames, int noiseSeed)
    {
        var losses = ExpectedLosses(w, fidelity);
        var random = new Random(noiseSeed);
        // Cheaper proxies are noisier: noise grows as fidelity shrinks.
        var std = Spec.NoiseStd / Math.Sqrt(Math.Min(1.0, fidelity));
        var metrics = new Dictionary<string, double>(Domains);
        for (var i = 0; i < Domains; i++)
            metrics[ObjectiveSpec.LossMetric(domainNames[i])] = losses[i] + (std > 0 ? Normal.Sample(random, 0, std) : 0);
        return metrics;
    }

    /// <summary>The noise-free objective at the target fidelity.</summary>
    public double Objective(Mixture w, ObjectiveSpec objective, IReadOnlyList<string> domainNames)
    {
        var losses = ExpectedLosses(w);
        var metrics = new Dictionary<string, double>(Domains);
        for (var i = 0; i < Domains; i++) metrics[ObjectiveSpec.LossMetric(domainNames[i])] = losses[i];
        return objective.Score(metrics, domainNames);
    }

    /// <summary>
    /// The true optimum of the objective on the simplex. Every loss is convex in w, so a minimum is found by
    /// exponentiated-gradient descent (mirror descent that stays on the simplex); a maximum of a convex function
    /// lies at a vertex, so maximization checks the vertices.
    /// </summary>
    public (Mixture Mixture, double Value) Optimum(ObjectiveSpec objective, IReadOnlyList<string> domainNames)
    {
        var n = Domains;
        if (!objective.Minimize)
        {
            return Enumerable.Range(0, n)
                .Select(v => Mixture.Create(Enumerable.Range(0, n).Select(j => j == v ? 1.0 : 0.0).ToArray()))
                .Select(m => (m, Objective(m, objective, domainNames)))
                .MaxBy(p => p.Item2);
        }

        var rows = objective.Metric == ObjectiveSpec.MeanLoss
            ? Enumerable.Range(0, n).ToArray()
            : [domainNames.ToList().IndexOf(objective.Metric["loss:".Length..])];
        var w = Enumerable.Repeat(1.0 / n, n).ToArray();
        // The start is a candidate too: with a zero gradient (T all zeros, every mixture equally good) the descent
        // stops before its first step, and the optimum must still be a real point with its value, not +Infinity.
        var start = Mixture.Uniform(n);
        var best = (Mixture: start, Value: Objective(start, objective, domainNames));
        var grad = new double[n];
        const int iterations = 6000;
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(grad);
            foreach (var i in rows)
            {
                var e = _k[i] * Math.Exp(Exponent(i, w)) / rows.Length;
                for (var j = 0; j < n; j++) grad[j] += e * _t[i][j];
            }
            var scale = grad.Max(Math.Abs);
            if (scale < 1e-15) break;
            // Normalized, slowly decaying step: robust to the scale of k and T.
            var eta = 2.0 / scale / Math.Sqrt(1 + it / 50.0);
            var sum = 0.0;
            for (var j = 0; j < n; j++) { w[j] *= Math.Exp(-eta * grad[j]); sum += w[j]; }
            for (var j = 0; j < n; j++) w[j] = Math.Max(w[j] / sum, 1e-300);
            if (it % 10 == 0 || it == iterations - 1)
            {
                var m = Mixture.Normalize(w);
                var value = Objective(m, objective, domainNames);
                if (value < best.Value) best = (m, value);
            }
        }
        return best;
    }

    private double Exponent(int i, IReadOnlyList<double> w)
    {
        var s = 0.0;
        var row = _t[i];
        for (var j = 0; j < row.Length; j++) s += row[j] * w[j];
        return s;
    }
}

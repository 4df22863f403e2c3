namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// A loss surface over mixtures with sparse structure: the mean over evaluation tasks t of
/// <c>c_t + k_t·exp(−Σ_{j∈H_t} a_tj·√w_j + Σ_{j∉H_t} b_tj·w_j)</c>. Each task is helped by a few domains H_t
/// (diminishing returns: the first percent of a helpful domain matters most) and diluted by the rest. Both parts
/// of the exponent are convex in w, so the surface is convex and its minimum on the simplex is found reliably,
/// which makes regret exact. With many domains most of them help no task, so good mixtures are sparse and far from
/// the simplex centre, as in published run tables.
/// </summary>
public sealed class SparseMixingLaw
{
    private readonly double[] _c;
    private readonly double[] _k;
    private readonly double[][] _help;   // a_tj ≥ 0, zero outside H_t
    private readonly double[][] _dilute; // b_tj ≥ 0, zero inside H_t

    private SparseMixingLaw(double[] c, double[] k, double[][] help, double[][] dilute)
    {
        _c = c; _k = k; _help = help; _dilute = dilute;
    }

    public int Domains => _help[0].Length;

    public int Tasks => _c.Length;

    /// <summary>Draws a surface over <paramref name="domains"/> domains and <paramref name="tasks"/> tasks from <paramref name="random"/>.</summary>
    public static SparseMixingLaw Draw(int domains, int tasks, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(domains, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        double U(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
        // About one domain in eight helps a given task; at least one does.
        var helpful = Math.Max(1, (int)Math.Round(domains * 0.12));
        var c = new double[tasks];
        var k = new double[tasks];
        var help = new double[tasks][];
        var dilute = new double[tasks][];
        for (var t = 0; t < tasks; t++)
        {
            c[t] = U(2.0, 4.0);
            k[t] = U(0.5, 2.0);
            help[t] = new double[domains];
            dilute[t] = new double[domains];
            var chosen = Enumerable.Range(0, domains).OrderBy(_ => random.Next()).Take(helpful).ToHashSet();
            for (var j = 0; j < domains; j++)
            {
                // a/√h keeps the benefit of spreading a weight W over all h helpful domains at a·√W whatever h is.
                if (chosen.Contains(j)) help[t][j] = U(1.0, 3.0) / Math.Sqrt(helpful);
                else dilute[t][j] = U(0.0, 0.5);
            }
        }
        return new SparseMixingLaw(c, k, help, dilute);
    }

    /// <summary>The loss at mixture <paramref name="w"/> (proportions summing to 1).</summary>
    public double Value(ReadOnlySpan<double> w)
    {
        if (w.Length != Domains) throw new ArgumentException($"Mixture has {w.Length} weights; the surface has {Domains} domains.");
        var sum = 0.0;
        for (var t = 0; t < Tasks; t++) sum += _c[t] + _k[t] * Math.Exp(Exponent(t, w));
        return sum / Tasks;
    }

    /// <summary>
    /// The minimum on the simplex, by exponentiated-gradient (mirror) descent from the centre, which stays on the
    /// simplex; the surface is convex, so this is the global minimum up to the iteration budget.
    /// </summary>
    public (double[] Mixture, double Value) Minimum(int iterations = 4000)
    {
        var n = Domains;
        var w = Enumerable.Repeat(1.0 / n, n).ToArray();
        var best = (Mixture: (double[])w.Clone(), Value: Value(w));
        var grad = new double[n];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(grad);
            for (var t = 0; t < Tasks; t++)
            {
                var e = _k[t] * Math.Exp(Exponent(t, w)) / Tasks;
                for (var j = 0; j < n; j++)
                {
                    var dExponent = _dilute[t][j] - (_help[t][j] > 0 ? _help[t][j] / (2 * Math.Sqrt(Math.Max(w[j], 1e-300))) : 0);
                    grad[j] += e * dExponent;
                }
            }
            // The √w term's gradient is unbounded near 0: cap it, so one starved domain cannot stall the others.
            var cap = 50.0 * grad.Select(Math.Abs).Order().ElementAt(n / 2) + 1e-12;
            var scale = 0.0;
            for (var j = 0; j < n; j++) { grad[j] = Math.Clamp(grad[j], -cap, cap); scale = Math.Max(scale, Math.Abs(grad[j])); }
            if (scale < 1e-15) break;
            var eta = 1.0 / scale / Math.Sqrt(1 + it / 100.0);
            var total = 0.0;
            for (var j = 0; j < n; j++) { w[j] *= Math.Exp(-eta * grad[j]); total += w[j]; }
            for (var j = 0; j < n; j++) w[j] = Math.Max(w[j] / total, 1e-15);
            var norm = w.Sum();
            for (var j = 0; j < n; j++) w[j] /= norm;
            if (it % 10 == 0 || it == iterations - 1)
            {
                var value = Value(w);
                if (value < best.Value) best = ((double[])w.Clone(), value);
            }
        }
        return best;
    }

    private double Exponent(int t, ReadOnlySpan<double> w)
    {
        var help = _help[t];
        var dilute = _dilute[t];
        var s = 0.0;
        for (var j = 0; j < w.Length; j++)
            s += help[j] > 0 ? -help[j] * Math.Sqrt(Math.Max(w[j], 0)) : dilute[j] * w[j];
        return s;
    }
}

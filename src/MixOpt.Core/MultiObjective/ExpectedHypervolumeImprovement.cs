namespace MixOpt.Core.MultiObjective;

/// <summary>
/// Expected hypervolume improvement of a candidate whose objectives (minimize form) are independent normals, by Monte
/// Carlo over a fixed set of standard-normal draws. The draws are shared by every candidate (common random numbers), so
/// candidates are compared on the same luck and the choice is deterministic in the seed.
/// </summary>
public sealed class ExpectedHypervolumeImprovement
{
    private readonly List<double[]> _front;
    private readonly double[] _reference;
    private readonly double[][] _draws;
    private readonly double _volume;

    /// <param name="front">The current front (any points; dominated ones add nothing), minimize form.</param>
    /// <param name="reference">The reference point every counted point must beat in every objective.</param>
    /// <param name="samples">Monte Carlo draws per candidate.</param>
    public ExpectedHypervolumeImprovement(IReadOnlyList<double[]> front, IReadOnlyList<double> reference, int samples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        _reference = reference.ToArray();
        // Only the non-dominated points inside the box matter; for two objectives they are kept sorted by the first
        // (so the second descends) and an improvement is one merge-sweep without allocation.
        _front = front.Where(p => p.Length == _reference.Length && p.Zip(_reference).All(q => q.First < q.Second)).Select(p => p.ToArray()).ToList();
        _front = _front.Where(p => !_front.Any(q => ParetoFront.Dominates(q, p))).DistinctBy(p => string.Join(",", p)).ToList();
        _volume = Hypervolume.Of(_front, _reference);
        if (_reference.Length == 2)
        {
            var sorted = _front.OrderBy(p => p[0]).ToArray();
            _xs = sorted.Select(p => p[0]).ToArray();
            _ys = sorted.Select(p => p[1]).ToArray();
        }
        _least = _reference.Length == 1 && _front.Count > 0 ? _front.Min(p => p[0]) : _reference[0];
        var random = new Random(seed);
        _draws = Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, _reference.Length).Select(_ => StandardNormal(random)).ToArray()).ToArray();
    }

    private readonly double[]? _xs;
    private readonly double[]? _ys;
    private readonly double _least;

    /// <summary>The hypervolume of the front it was built on.</summary>
    public double Volume => _volume;

    /// <summary>The exact improvement of one point (0 when it is dominated or outside the reference box).</summary>
    public double Improvement(IReadOnlyList<double> point)
    {
        var p = point as double[] ?? point.ToArray();
        for (var j = 0; j < _reference.Length; j++)
            if (!(p[j] < _reference[j])) return 0;
        if (_reference.Length == 1) return Math.Max(0, _least - p[0]);
        if (_xs is not null) return Improvement2D(p[0], p[1]);
        foreach (var f in _front)
            if (ParetoFront.Dominates(f, p) || f.AsSpan().SequenceEqual(p)) return 0;
        _front.Add(p);
        try { return Math.Max(0, Hypervolume.Of(_front, _reference) - _volume); }
        finally { _front.RemoveAt(_front.Count - 1); }
    }

    /// <summary>The 2-D hypervolume of the front with (a, b) merged in, by the same sweep as <see cref="Hypervolume"/>, minus the front's.</summary>
    private double Improvement2D(double a, double b)
    {
        var xs = _xs!;
        var ys = _ys!;
        var volume = 0.0;
        var best = _reference[1];
        var used = false;
        for (var i = 0; i < xs.Length || !used;)
        {
            double x, y;
            if (!used && (i == xs.Length || a < xs[i] || (a == xs[i] && b < ys[i]))) { x = a; y = b; used = true; }
            else { x = xs[i]; y = ys[i]; i++; }
            if (y >= best) continue;
            volume += (_reference[0] - x) * (best - y);
            best = y;
        }
        return Math.Max(0, volume - _volume);
    }

    /// <summary>E[improvement] for objectives ~ N(<paramref name="mean"/>, <paramref name="stdDev"/>²), independent.</summary>
    public double Expected(IReadOnlyList<double> mean, IReadOnlyList<double> stdDev)
    {
        var point = new double[_reference.Length];
        var sum = 0.0;
        foreach (var z in _draws)
        {
            for (var j = 0; j < point.Length; j++) point[j] = mean[j] + stdDev[j] * z[j];
            sum += Improvement(point);
        }
        return sum / _draws.Length;
    }

    // Box–Muller: one normal from two uniforms, so the draws depend on the seed alone.
    private static double StandardNormal(Random random)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}

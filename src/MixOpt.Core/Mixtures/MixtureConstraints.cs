namespace MixOpt.Core.Mixtures;

/// <summary>
/// The feasible part of the simplex: per-domain lower and upper bounds. An epoch cap (a domain may be repeated at
/// most E times within a run's token budget) is just an upper bound <c>E·tokens_i / runTokens</c>, so every
/// constraint of a study reduces to a box intersected with the simplex, which keeps sampling and projection cheap.
/// </summary>
public sealed class MixtureConstraints
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    private MixtureConstraints(double[] lower, double[] upper)
    {
        _lower = lower;
        _upper = upper;
    }

    public int Domains => _lower.Length;

    public IReadOnlyList<double> Lower => _lower;

    public IReadOnlyList<double> Upper => _upper;

    /// <summary>True when no bound cuts into the simplex.</summary>
    public bool IsUnconstrained => _lower.All(l => l <= 0) && _upper.All(u => u >= 1);

    public static MixtureConstraints None(int domains) =>
        new(new double[domains], Enumerable.Repeat(1.0, domains).ToArray());

    /// <summary>
    /// Builds the constraints; throws <see cref="ArgumentException"/> naming the problem when no mixture can meet them
    /// (minimums summing above 1, a minimum above its maximum, maximums or epoch caps summing below 1).
    /// </summary>
    /// <param name="minimum">Per-domain minimum proportion (null = 0).</param>
    /// <param name="maximum">Per-domain maximum proportion (null = 1).</param>
    /// <param name="domainTokens">Tokens available per domain (null entries = unlimited); used with the epoch cap.</param>
    /// <param name="maxEpochs">How many times a domain's tokens may be repeated in one run (null = no cap).</param>
    /// <param name="runTokens">Tokens one run trains on (null = no cap).</param>
    public static MixtureConstraints Create(
        int domains,
        IReadOnlyList<double>? minimum = null,
        IReadOnlyList<double>? maximum = null,
        IReadOnlyList<long?>? domainTokens = null,
        double? maxEpochs = null,
        double? runTokens = null)
    {
        if (domains < 2) throw new ArgumentException($"Constraints need at least 2 domains, got {domains}.", nameof(domains));
        CheckLength(minimum, domains, nameof(minimum));
        CheckLength(maximum, domains, nameof(maximum));
        CheckLength(domainTokens, domains, nameof(domainTokens));
        if (maxEpochs is { } e && (!double.IsFinite(e) || e <= 0))
            throw new ArgumentException($"Maximum epochs must be a finite number > 0, got {e}.", nameof(maxEpochs));
        if (runTokens is { } rt && (!double.IsFinite(rt) || rt <= 0))
            throw new ArgumentException($"Run tokens must be a finite number > 0, got {rt}.", nameof(runTokens));

        var lower = new double[domains];
        var upper = new double[domains];
        for (var i = 0; i < domains; i++)
        {
            var lo = minimum?[i] ?? 0.0;
            var hi = maximum?[i] ?? 1.0;
            if (!double.IsFinite(lo) || lo < 0 || lo > 1) throw new ArgumentException($"Minimum of domain {i} is {lo}; it must lie in [0, 1].", nameof(minimum));
            if (!double.IsFinite(hi) || hi < 0 || hi > 1) throw new ArgumentException($"Maximum of domain {i} is {hi}; it must lie in [0, 1].", nameof(maximum));
            if (maxEpochs is { } epochs && runTokens is { } run && domainTokens?[i] is { } tokens)
                hi = Math.Min(hi, epochs * tokens / run);
            if (lo > hi + 1e-12)
                throw new ArgumentException(
                    $"Domain {i} needs at least {lo:G4} of the mixture but may have at most {hi:G4} (maximum or epoch cap); no mixture meets that.");
            lower[i] = lo;
            upper[i] = Math.Max(hi, lo);
        }
        var sumLower = lower.Sum();
        if (sumLower > 1 + 1e-9)
            throw new ArgumentException($"Domain minimums sum to {sumLower:G6}, above 1; no mixture meets them.");
        var sumUpper = upper.Sum();
        if (sumUpper < 1 - 1e-9)
            throw new ArgumentException(
                $"Domain maximums and epoch caps allow at most {sumUpper:G6} of the mixture in total, below 1; no mixture meets them.");
        return new MixtureConstraints(lower, upper);
    }

    /// <summary>True when <paramref name="weights"/> lie within every bound (up to <paramref name="tolerance"/>).</summary>
    public bool IsSatisfiedBy(ReadOnlySpan<double> weights, double tolerance = 1e-9)
    {
        if (weights.Length != Domains) return false;
        for (var i = 0; i < weights.Length; i++)
            if (weights[i] < _lower[i] - tolerance || weights[i] > _upper[i] + tolerance) return false;
        return true;
    }

    public bool IsSatisfiedBy(Mixture mixture, double tolerance = 1e-9) => IsSatisfiedBy(mixture.ToArray(), tolerance);

    /// <summary>
    /// Euclidean projection onto the feasible set {lower ≤ w ≤ upper, Σw = 1}, in place. The projection is
    /// <c>w_i = clamp(v_i − τ, l_i, u_i)</c> with the shift τ found by bisection (the sum is monotone in τ).
    /// </summary>
    public void Project(Span<double> weights)
    {
        if (weights.Length != Domains) throw new ArgumentException($"Expected {Domains} weights, got {weights.Length}.", nameof(weights));
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < weights.Length; i++)
        {
            lo = Math.Min(lo, weights[i] - _upper[i]);
            hi = Math.Max(hi, weights[i] - _lower[i]);
        }
        for (var iteration = 0; iteration < 100 && hi - lo > 1e-15; iteration++)
        {
            var tau = 0.5 * (lo + hi);
            if (ShiftedSum(weights, tau) > 1) lo = tau; else hi = tau;
        }
        var shift = 0.5 * (lo + hi);
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Clamp(weights[i] - shift, _lower[i], _upper[i]);
            sum += weights[i];
        }
        // Bisection leaves a residue of ~1e-15; spread it over the coordinates with room so Σw is 1 to rounding.
        var residue = 1 - sum;
        for (var i = 0; i < weights.Length && Math.Abs(residue) > 0; i++)
        {
            var room = residue > 0 ? _upper[i] - weights[i] : _lower[i] - weights[i];
            var step = residue > 0 ? Math.Min(room, residue) : Math.Max(room, residue);
            weights[i] += step;
            residue -= step;
        }
    }

    private double ShiftedSum(ReadOnlySpan<double> v, double tau)
    {
        var s = 0.0;
        for (var i = 0; i < v.Length; i++) s += Math.Clamp(v[i] - tau, _lower[i], _upper[i]);
        return s;
    }

    private static void CheckLength<T>(IReadOnlyList<T>? values, int domains, string name)
    {
        if (values is not null && values.Count != domains)
            throw new ArgumentException($"Expected {domains} values (one per domain) for {name}, got {values.Count}.", name);
    }
}

using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Optimization;

/// <summary>One metric's fitted log-linear law in the Olmix program: <c>weight · exp(intercept + slopes·x)</c>.</summary>
public sealed record LogLinearTerm(double Weight, double Intercept, IReadOnlyList<double> Slopes);

/// <summary>
/// The solved program: the mixture, its objective, the multiplier ν of the sum constraint and the KKT residual
/// (relative, see <see cref="OlmixProgram.KktResidual"/>) that certifies it.
/// </summary>
public sealed record OlmixSolution(double[] Mixture, double Objective, double Multiplier, double KktResidual);

/// <summary>
/// Olmix's convex program: minimize <c>F(x) = Σ_m w_m·exp(a_m + b_m·x) + λ·KL(x ‖ p)</c> over
/// <c>{x : l ≤ x ≤ u, Σx = 1}</c>, where p is the natural (token) distribution and the box carries the study's min/max
/// and its repetition (epoch) caps. Every term is convex (exp of an affine map; KL is convex in x), so a point that
/// meets the KKT conditions is the global optimum.
/// Solved by an augmented Lagrangian on the sum constraint, <c>F(x) + ν·h(x) + ρ/2·h(x)²</c> with <c>h = Σx − 1</c>,
/// each subproblem by MathNet's bounded BFGS (BFGS-B) over the box, ν updated by <c>ν += ρ·h</c> until
/// <c>|h| ≤ 1e-12</c>; the result is then projected exactly onto the feasible set and its KKT residual measured. No
/// interior-point method of our own: the box is MathNet's, the one equality is the textbook multiplier method.
/// </summary>
public static class OlmixProgram
{
    /// <summary>
    /// The stated tolerance: a solution's KKT residual (stationarity and complementary slackness, relative to
    /// <c>1 + max|∇F|</c>) is at most this. Tests check it on every program they solve.
    /// </summary>
    public const double KktTolerance = 1e-6;

    /// <summary>How close to a bound a coordinate must be to count as at it when checking KKT.</summary>
    public const double ActiveTolerance = 1e-7;

    /// <summary>KL needs x &gt; 0; with λ &gt; 0 no optimum sits below this (the KL gradient there is −30λ and falling).</summary>
    private const double KlFloor = 1e-13;

    public static double Objective(IReadOnlyList<LogLinearTerm> terms, double lambda, ReadOnlySpan<double> prior, ReadOnlySpan<double> x)
    {
        var value = 0.0;
        foreach (var t in terms) value += t.Weight * Math.Exp(Math.Clamp(Exponent(t, x), -700, 700));
        if (lambda > 0)
            for (var i = 0; i < x.Length; i++)
                if (x[i] > 0) value += lambda * x[i] * Math.Log(x[i] / prior[i]);
        return value;
    }

    public static double[] Gradient(IReadOnlyList<LogLinearTerm> terms, double lambda, ReadOnlySpan<double> prior, ReadOnlySpan<double> x)
    {
        var g = new double[x.Length];
        foreach (var t in terms)
        {
            var e = t.Weight * Math.Exp(Math.Clamp(Exponent(t, x), -700, 700));
            for (var i = 0; i < x.Length; i++) g[i] += e * t.Slopes[i];
        }
        if (lambda > 0)
            for (var i = 0; i < x.Length; i++) g[i] += lambda * (Math.Log(Math.Max(x[i], KlFloor) / prior[i]) + 1);
        return g;
    }

    /// <summary>
    /// Solves the program. <paramref name="prior"/> is normalized here (any positive scale); <paramref name="constraints"/>
    /// is the box (min/max and epoch caps). Throws <see cref="ArgumentException"/> for weights or λ that are negative or
    /// not finite, or a prior with a non-positive entry.
    /// </summary>
    public static OlmixSolution Solve(IReadOnlyList<LogLinearTerm> terms, double lambda, IReadOnlyList<double> prior, MixtureConstraints constraints)
    {
        var d = constraints.Domains;
        if (!double.IsFinite(lambda) || lambda < 0) throw new ArgumentException($"The KL weight must be finite and >= 0, got {lambda}.", nameof(lambda));
        if (prior.Count != d || prior.Any(v => !double.IsFinite(v) || v <= 0)) throw new ArgumentException("The prior needs one finite, positive weight per domain.", nameof(prior));
        foreach (var t in terms)
            if (t.Slopes.Count != d || !double.IsFinite(t.Weight) || t.Weight < 0 || !double.IsFinite(t.Intercept) || t.Slopes.Any(s => !double.IsFinite(s)))
                throw new ArgumentException("Each term needs a finite weight >= 0, a finite intercept and one finite slope per domain.", nameof(terms));
        var total = prior.Sum();
        var p = prior.Select(v => v / total).ToArray();
        var lower = constraints.Lower.Select(l => lambda > 0 ? Math.Max(l, KlFloor) : l).ToArray();
        var upper = constraints.Upper.Select((u, i) => Math.Max(u, lower[i])).ToArray();

        // Start at the prior moved into the constraints: the answer for λ → ∞, and feasible.
        var x = (double[])p.Clone();
        constraints.Project(x);
        for (var i = 0; i < d; i++) x[i] = Math.Clamp(x[i], lower[i], upper[i]);
        var scale = 1 + Math.Abs(Objective(terms, lambda, p, x));
        double nu = 0, rho = 10 * scale, previous = double.PositiveInfinity;
        for (var outer = 0; outer < 30; outer++)
        {
            var (nuNow, rhoNow) = (nu, rho);
            x = MinimizeInBox(v =>
            {
                var h = v.Sum() - 1;
                var g = Gradient(terms, lambda, p, v);
                for (var i = 0; i < d; i++) g[i] += nuNow + rhoNow * h;
                return (Objective(terms, lambda, p, v) + nuNow * h + 0.5 * rhoNow * h * h, g);
            }, x, lower, upper);
            var violation = x.Sum() - 1;
            nu += rho * violation;
            if (Math.Abs(violation) <= 1e-12)
            {
                // Feasible; stop once the projected point certifies itself. Otherwise restart BFGS-B from here (a
                // fresh Hessian estimate gets past a line search that stalled on the stiff penalty).
                var polished = Polish(terms, lambda, p, constraints, x);
                if (KktResidual(terms, lambda, p, constraints, polished).Residual <= 0.1 * KktTolerance) break;
            }
            else if (Math.Abs(violation) > 0.25 * previous) rho = Math.Min(rho * 10, 1e6 * scale);
            previous = Math.Abs(violation);
        }
        x = Polish(terms, lambda, p, constraints, x);
        if (KktResidual(terms, lambda, p, constraints, x).Residual > 0.1 * KktTolerance)
            x = Polish(terms, lambda, p, constraints, ProjectedGradient(terms, lambda, p, constraints, x));
        var (residual, multiplier) = KktResidual(terms, lambda, p, constraints, x);
        return new OlmixSolution(x, Objective(terms, lambda, p, x), multiplier, residual);
    }

    /// <summary>
    /// The KKT residual of <paramref name="x"/>: with g = ∇F(x) and ν the sum constraint's multiplier (fitted from the
    /// coordinates strictly inside their bounds, or the best one for the active set when none is), stationarity asks
    /// <c>g_i + ν = 0</c> for free coordinates, <c>≥ 0</c> at a lower bound and <c>≤ 0</c> at an upper bound. Returns
    /// the largest violation divided by <c>1 + max|g|</c>, and ν. Feasibility is separate (<see cref="MixtureConstraints.IsSatisfiedBy(ReadOnlySpan{double}, double)"/>).
    /// </summary>
    public static (double Residual, double Multiplier) KktResidual(IReadOnlyList<LogLinearTerm> terms, double lambda, IReadOnlyList<double> prior,
        MixtureConstraints constraints, double[] x)
    {
        var total = prior.Sum();
        var p = prior.Select(v => v / total).ToArray();
        var g = Gradient(terms, lambda, p, x);
        var d = x.Length;
        bool AtLower(int i) => x[i] <= constraints.Lower[i] + ActiveTolerance;
        bool AtUpper(int i) => x[i] >= constraints.Upper[i] - ActiveTolerance;
        var free = Enumerable.Range(0, d).Where(i => !AtLower(i) && !AtUpper(i)).ToArray();
        double nu;
        if (free.Length > 0) nu = -free.Average(i => g[i]);
        else
        {
            // Every coordinate at a bound: g_i + ν ≥ 0 at a lower bound and ≤ 0 at an upper one, so any ν in
            // [max over lower of −g, min over upper of −g] certifies; take its middle (fixed coordinates say nothing).
            var lo = Enumerable.Range(0, d).Where(i => AtLower(i) && !AtUpper(i)).Select(i => -g[i]).DefaultIfEmpty(double.NegativeInfinity).Max();
            var hi = Enumerable.Range(0, d).Where(i => AtUpper(i) && !AtLower(i)).Select(i => -g[i]).DefaultIfEmpty(double.PositiveInfinity).Min();
            nu = double.IsFinite(lo) && double.IsFinite(hi) ? 0.5 * (lo + hi) : double.IsFinite(lo) ? lo : hi;
        }
        var worst = 0.0;
        for (var i = 0; i < d; i++)
        {
            var r = g[i] + nu;
            var lowerFixed = AtLower(i) && AtUpper(i);
            var violation = lowerFixed ? 0 : AtLower(i) ? Math.Max(0, -r) : AtUpper(i) ? Math.Max(0, r) : Math.Abs(r);
            worst = Math.Max(worst, violation);
        }
        return (worst / (1 + g.Max(Math.Abs)), nu);
    }

    /// <summary>
    /// Projects onto the feasible set, then solves the stationarity condition exactly for coordinates the KL term has
    /// pushed towards 0. There <c>λ·(log(x_i/p_i) + 1) = −ν − ∂loss/∂x_i</c> has the closed form
    /// <c>x_i = p_i·exp((−ν − ∂loss/∂x_i)/λ − 1)</c> (the loss gradient barely moves with so small an x_i), while
    /// BFGS-B cannot resolve values of 1e-12 whose KL gradient changes by λ/x_i = 1e10 per unit. A few rounds with ν
    /// refitted from the other coordinates, then a final projection (the sum moves by ~1e-12).
    /// </summary>
    private static double[] Polish(IReadOnlyList<LogLinearTerm> terms, double lambda, double[] p, MixtureConstraints constraints, double[] start)
    {
        const double Tiny = 1e-6;
        var x = (double[])start.Clone();
        constraints.Project(x);
        if (lambda <= 0) return x;
        for (var round = 0; round < 5; round++)
        {
            var (_, nu) = KktResidual(terms, lambda, p, constraints, x);
            var g = Gradient(terms, lambda, p, x);
            var changed = false;
            for (var i = 0; i < x.Length; i++)
            {
                if (x[i] >= Tiny || constraints.Upper[i] <= constraints.Lower[i]) continue;
                var lossGradient = g[i] - lambda * (Math.Log(Math.Max(x[i], KlFloor) / p[i]) + 1);
                var exact = Math.Clamp(p[i] * Math.Exp(Math.Clamp((-nu - lossGradient) / lambda - 1, -700, 0)), constraints.Lower[i], constraints.Upper[i]);
                changed |= Math.Abs(exact - x[i]) > 1e-3 * Math.Max(exact, 1e-300);
                x[i] = exact;
            }
            if (!changed) break;
            // Restore Σx = 1 on the largest coordinate strictly inside its bounds: a Euclidean projection would
            // shift every coordinate by the same ~1e-12 and undo the tiny ones just solved.
            var residue = 1 - x.Sum();
            var largest = Enumerable.Range(0, x.Length)
                .Where(i => x[i] + residue >= constraints.Lower[i] && x[i] + residue <= constraints.Upper[i])
                .DefaultIfEmpty(-1).MaxBy(i => i < 0 ? double.NegativeInfinity : x[i]);
            if (largest < 0) { constraints.Project(x); break; }
            x[largest] += residue;
        }
        return x;
    }

    /// <summary>
    /// The fallback when BFGS-B stalls (its line search gives up on a nearly linear objective whose optimum is a vertex,
    /// the λ = 0 one-metric case): projected gradient steps with the exact projection onto the feasible set
    /// (<see cref="MixtureConstraints.Project"/>) and a backtracking (Armijo, sufficient-decrease) step, until the KKT
    /// residual meets the tolerance. Monotone, so it never makes the BFGS-B point worse.
    /// </summary>
    private static double[] ProjectedGradient(IReadOnlyList<LogLinearTerm> terms, double lambda, double[] p, MixtureConstraints constraints, double[] start)
    {
        var x = (double[])start.Clone();
        var value = Objective(terms, lambda, p, x);
        var step = 1.0;
        for (var iteration = 0; iteration < 5000; iteration++)
        {
            if (iteration % 20 == 0 && KktResidual(terms, lambda, p, constraints, x).Residual <= 0.1 * KktTolerance) break;
            var g = Gradient(terms, lambda, p, x);
            var accepted = false;
            for (var halvings = 0; halvings < 60; halvings++)
            {
                var y = new double[x.Length];
                for (var i = 0; i < x.Length; i++) y[i] = x[i] - step * g[i];
                constraints.Project(y);
                if (lambda > 0) for (var i = 0; i < y.Length; i++) y[i] = Math.Max(y[i], Math.Min(KlFloor, constraints.Upper[i]));
                var decrease = 0.0;
                var distance = 0.0;
                for (var i = 0; i < x.Length; i++) { decrease += g[i] * (y[i] - x[i]); distance += (y[i] - x[i]) * (y[i] - x[i]); }
                var candidate = Objective(terms, lambda, p, y);
                if (distance == 0) return x;
                if (candidate <= value + decrease + distance / (2 * step))
                {
                    (x, value, accepted) = (y, candidate, true);
                    step *= 2;
                    break;
                }
                step /= 2;
            }
            if (!accepted) break;
        }
        return x;
    }

    private static double Exponent(LogLinearTerm t, ReadOnlySpan<double> x)
    {
        var s = t.Intercept;
        for (var i = 0; i < x.Length; i++) s += t.Slopes[i] * x[i];
        return s;
    }

    /// <summary>MathNet's BFGS-B over the box, keeping the best point it evaluated when its line search gives up.</summary>
    private static double[] MinimizeInBox(Func<double[], (double Value, double[] Gradient)> objective, double[] start, double[] lower, double[] upper)
    {
        var best = (Point: (double[])start.Clone(), Value: objective(start).Value);
        (double, Vector<double>) Evaluate(Vector<double> v)
        {
            var x = v.ToArray();
            for (var i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i], lower[i], upper[i]);
            var (value, gradient) = objective(x);
            if (!double.IsFinite(value) || gradient.Any(g => !double.IsFinite(g))) return (1e300, Vector<double>.Build.Dense(x.Length));
            if (value < best.Value) best = (x, value);
            return (value, Vector<double>.Build.Dense(gradient));
        }
        try
        {
            new BfgsBMinimizer(1e-9, 1e-13, 1e-15, 1000).FindMinimum(ObjectiveFunction.Gradient(Evaluate),
                Vector<double>.Build.Dense(lower), Vector<double>.Build.Dense(upper), Vector<double>.Build.Dense(start));
        }
        catch (Exception e) when (e is MaximumIterationsException or InnerOptimizationException or EvaluationException or ArgumentException or OptimizationException)
        {
            // The best point seen so far is a valid (if not fully converged) start for the next multiplier update.
        }
        return best.Point;
    }
}

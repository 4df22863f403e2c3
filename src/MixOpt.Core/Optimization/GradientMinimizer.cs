using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace MixOpt.Core.Optimization;

/// <summary>
/// MathNet's quasi-Newton minimizers (BFGS, or L-BFGS-B style bounded BFGS when bounds are given) with the one
/// guarantee model fitting needs: the best point evaluated is returned even when the line search gives up or the
/// iteration cap is hit, and a non-finite objective is treated as a wall rather than a crash.
/// </summary>
public static class GradientMinimizer
{
    /// <summary>Minimizes <paramref name="objective"/> (value and gradient) from <paramref name="start"/>.</summary>
    public static (double[] Point, double Value) Minimize(
        Func<double[], (double Value, double[] Gradient)> objective,
        double[] start,
        double[]? lower = null,
        double[]? upper = null,
        int maxIterations = 200)
    {
        var best = (Point: (double[])start.Clone(), Value: double.PositiveInfinity);
        (double, Vector<double>) Evaluate(Vector<double> v)
        {
            var x = v.ToArray();
            var (value, gradient) = objective(x);
            if (!double.IsFinite(value) || gradient.Any(g => !double.IsFinite(g)))
                return (1e300, Vector<double>.Build.Dense(x.Length));
            if (value < best.Value) best = (x, value);
            return (value, Vector<double>.Build.Dense(gradient));
        }

        var function = ObjectiveFunction.Gradient(Evaluate);
        var initial = Vector<double>.Build.Dense(start);
        try
        {
            if (lower is not null && upper is not null)
                new BfgsBMinimizer(1e-6, 1e-9, 1e-10, maxIterations).FindMinimum(function,
                    Vector<double>.Build.Dense(lower), Vector<double>.Build.Dense(upper), initial);
            else
                new BfgsMinimizer(1e-6, 1e-9, 1e-10, maxIterations).FindMinimum(function, initial);
        }
        catch (Exception e) when (e is MaximumIterationsException or InnerOptimizationException or EvaluationException or ArgumentException or OptimizationException)
        {
            // The best point seen so far is still a valid (if not fully converged) answer.
        }
        if (!double.IsFinite(best.Value)) best = (best.Point, objective(best.Point).Value);
        return best;
    }
}

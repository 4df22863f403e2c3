namespace MixOpt.Core.MultiObjective;

/// <summary>
/// The augmented Chebyshev scalarization of ParEGO: with objectives scaled to [0, 1] by the observed range (minimize
/// form), <c>g(y) = max_j λ_j·y_j + ρ·Σ_j λ_j·y_j</c>. Minimizing g for a weight vector λ reaches the front point in
/// λ's direction, including points on non-convex parts of the front that a weighted sum cannot reach; random λ spread
/// the proposals along the front.
/// </summary>
public sealed class ChebyshevScalarization(IReadOnlyList<double> weights, IReadOnlyList<double> lower, IReadOnlyList<double> upper, double rho = 0.05)
{
    public IReadOnlyList<double> Weights => weights;

    public double Value(IReadOnlyList<double> point)
    {
        var max = double.NegativeInfinity;
        var sum = 0.0;
        for (var j = 0; j < weights.Count; j++)
        {
            var range = upper[j] - lower[j];
            var scaled = range > 0 ? (point[j] - lower[j]) / range : 0;
            var term = weights[j] * scaled;
            max = Math.Max(max, term);
            sum += term;
        }
        return max + rho * sum;
    }

    /// <summary>A weight vector drawn uniformly from the simplex (a flat Dirichlet), from <paramref name="random"/>.</summary>
    public static double[] RandomWeights(int objectives, Random random)
    {
        var w = new double[objectives];
        var total = 0.0;
        for (var j = 0; j < objectives; j++) { w[j] = -Math.Log(1.0 - random.NextDouble()); total += w[j]; }
        for (var j = 0; j < objectives; j++) w[j] /= total;
        return w;
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;

namespace MixOpt.Core.Tests.Acquisition;

public class SimplexSearchTests
{
    [Fact]
    public void Finds_the_constrained_optimum_and_only_evaluates_feasible_points()
    {
        var constraints = MixtureConstraints.Create(4, minimum: [0.25, 0, 0, 0], maximum: [1, 0.2, 1, 1]);
        double[] peak = [0.05, 0.6, 0.2, 0.15]; // infeasible: the optimum is on the boundary
        var evaluatedInfeasible = 0;
        double Score(double[] w)
        {
            if (!constraints.IsSatisfiedBy(w, 1e-9) || Math.Abs(w.Sum() - 1) > 1e-9) Interlocked.Increment(ref evaluatedInfeasible);
            return -w.Zip(peak, (a, b) => (a - b) * (a - b)).Sum();
        }
        var starts = new UniformSimplexSampler(4, 1, constraints).Sample(50).Select(m => m.ToArray()).ToArray();
        var (point, _) = new SimplexSearch { EvaluationsPerStart = 400 }.Maximize(Score, constraints, starts, new Random(2));
        Assert.Equal(0, evaluatedInfeasible);
        // The optimum is the projection of the peak: both bounds active, the remaining 0.55 goes to the free
        // coordinates shifted equally from the peak (0.2 + 0.1, 0.15 + 0.1).
        Assert.Equal(0.25, point[0], 3);
        Assert.Equal(0.2, point[1], 3);
        Assert.Equal(0.3, point[2], 3);
        Assert.Equal(0.25, point[3], 3);
    }
}

using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Optimization;

/// <summary>
/// Multi-start local search on the feasible simplex. Candidates are screened, the best few become starts, and
/// each start climbs by moving mass between pairs of domains (w + s·(e_i − e_j), projected back into the bounds),
/// halving the step when a sweep finds nothing better. Every point it evaluates is a feasible mixture, so an
/// acquisition never has to be defined off the simplex, and it needs no gradients.
/// </summary>
public sealed class SimplexSearch
{
    public int Starts { get; init; } = 3;

    public int EvaluationsPerStart { get; init; } = 40;

    public double InitialStep { get; init; } = 0.1;

    /// <summary>Maximizes <paramref name="score"/> from the best of <paramref name="candidates"/> (all must be feasible).</summary>
    public (double[] Point, double Score) Maximize(Func<double[], double> score, MixtureConstraints constraints, IReadOnlyList<double[]> candidates, Random random)
    {
        if (candidates.Count == 0) throw new ArgumentException("Simplex search needs at least one candidate to start from.", nameof(candidates));
        var screened = new double[candidates.Count];
        Parallel.For(0, candidates.Count, i => screened[i] = score(candidates[i]));
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => screened[i]).Take(Starts).ToArray();
        var results = new (double[] Point, double Score)[order.Length];
        var seeds = order.Select(_ => random.Next()).ToArray();
        Parallel.For(0, order.Length, s =>
            results[s] = Climb(score, constraints, (double[])candidates[order[s]].Clone(), screened[order[s]], new Random(seeds[s])));
        return results.MaxBy(r => r.Score);
    }

    private (double[] Point, double Score) Climb(Func<double[], double> score, MixtureConstraints constraints, double[] point, double value, Random random)
    {
        var d = point.Length;
        var step = InitialStep;
        var trial = new double[d];
        for (var evaluations = 0; evaluations < EvaluationsPerStart && step > 1e-3;)
        {
            var improved = false;
            // A sweep of random pair moves at this step size (2d of the d(d−1) pairs: enough to find an uphill
            // direction most of the time without paying for all of them in 17 dimensions).
            for (var m = 0; m < 2 * d && evaluations < EvaluationsPerStart; m++)
            {
                var i = random.Next(d);
                var j = random.Next(d - 1);
                if (j >= i) j++;
                point.CopyTo(trial, 0);
                trial[i] += step;
                trial[j] -= step;
                constraints.Project(trial);
                var candidate = score(trial);
                evaluations++;
                if (candidate > value)
                {
                    value = candidate;
                    trial.CopyTo(point, 0);
                    improved = true;
                }
            }
            if (!improved) step *= 0.5;
        }
        return (point, value);
    }
}

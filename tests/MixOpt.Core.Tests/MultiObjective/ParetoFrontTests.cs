using MixOpt.Core.MultiObjective;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class ParetoFrontTests
{
    private static IReadOnlyList<IReadOnlyList<double>> Points(params double[][] p) => p;

    [Fact]
    public void A_known_front_is_recovered_and_ties_are_all_kept()
    {
        var points = Points([1, 5], [2, 2], [3, 1], [2, 2], [4, 4], [5, 0.5], [2, 5]);
        Assert.Equal([0, 1, 2, 3, 5], ParetoFront.Indices(points, [true, true]));
    }

    [Fact]
    public void Maximized_objectives_count_the_other_way()
    {
        // f1 minimized, f2 maximized: (2, 3) dominates (3, 2); (1, 1) has the best f1 and stays.
        var points = Points([1, 1], [2, 3], [3, 2], [2, 3]);
        Assert.Equal([0, 1, 3], ParetoFront.Indices(points, [true, false]));
        // Both maximized: (3, 2) and (2, 3) are the front.
        Assert.Equal([1, 2, 3], ParetoFront.Indices(points, [false, false]));
    }

    [Fact]
    public void Dominance_needs_one_strict_improvement()
    {
        Assert.True(ParetoFront.Dominates([1, 2], [1, 3]));
        Assert.False(ParetoFront.Dominates([1, 2], [1, 2]));
        Assert.False(ParetoFront.Dominates([1, 3], [2, 2]));
    }

    [Fact]
    public void Every_point_of_a_random_front_is_undominated_and_every_other_is_dominated()
    {
        var random = new Random(5);
        var points = Enumerable.Range(0, 200).Select(_ => (IReadOnlyList<double>)new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();
        var front = ParetoFront.Indices(points, [true, false, true]).ToHashSet();
        Assert.NotEmpty(front);
        for (var i = 0; i < points.Length; i++)
        {
            var oi = ParetoFront.Oriented(points[i], [true, false, true]);
            var dominated = points.Any(p => ParetoFront.Dominates(ParetoFront.Oriented(p, [true, false, true]), oi));
            Assert.Equal(!dominated, front.Contains(i));
        }
    }

    [Fact]
    public void Non_finite_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ParetoFront.Indices(Points([1, double.NaN]), [true, true]));
        Assert.Throws<ArgumentException>(() => ParetoFront.Indices(Points([1, 2, 3]), [true, true]));
    }
}

using MixOpt.Core.MultiObjective;

namespace MixOpt.Core.Tests.MultiObjective;

public sealed class HypervolumeTests
{
    [Fact]
    public void Two_dimensional_staircase_has_its_known_area()
    {
        // Rectangles to (4, 4): 3·1 + 2·1 + 1·1.
        Assert.Equal(6.0, Hypervolume.Of([[1, 3], [2, 2], [3, 1]], [4, 4]), 12);
        // A dominated point, a duplicate and a point outside the box change nothing.
        Assert.Equal(6.0, Hypervolume.Of([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2], [5, 0]], [4, 4]), 12);
    }

    [Fact]
    public void Three_dimensional_values_are_known()
    {
        Assert.Equal(1.0, Hypervolume.Of([[1, 1, 1]], [2, 2, 2]), 12);
        // Boxes 2·2·1 and 1·1·2 overlapping in a unit cube.
        Assert.Equal(5.0, Hypervolume.Of([[0, 0, 1], [1, 1, 0]], [2, 2, 2]), 12);
        // Three boxes of volume 2 whose pairwise and triple intersections are the same unit cube: 6 − 3 + 1.
        Assert.Equal(4.0, Hypervolume.Of([[0, 1, 1], [1, 0, 1], [1, 1, 0]], [2, 2, 2]), 12);
    }

    [Fact]
    public void Three_dimensional_volume_matches_counting_cells()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 12).Select(_ => new[] { random.Next(0, 20) / 20.0, random.Next(0, 20) / 20.0, random.Next(0, 20) / 20.0 }).ToArray();
        // Every coordinate is a multiple of 1/20, so counting the 20³ cells whose corner is dominated is exact.
        var cells = 0;
        for (var x = 0; x < 20; x++)
        for (var y = 0; y < 20; y++)
        for (var z = 0; z < 20; z++)
            if (points.Any(p => p[0] <= x / 20.0 && p[1] <= y / 20.0 && p[2] <= z / 20.0)) cells++;
        Assert.Equal(cells / 8000.0, Hypervolume.Of(points, [1, 1, 1]), 9);
    }

    [Fact]
    public void No_point_inside_the_box_has_no_volume() => Assert.Equal(0.0, Hypervolume.Of([[5, 5]], [4, 4]));
}

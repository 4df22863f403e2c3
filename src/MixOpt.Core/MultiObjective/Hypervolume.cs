namespace MixOpt.Core.MultiObjective;

/// <summary>
/// The hypervolume indicator: the volume of objective space (minimize form) dominated by a set of points and bounded
/// by a reference point. Points that do not dominate the reference contribute nothing. Exact: a sweep for two
/// objectives and slicing along the last objective beyond (HSO), which is plenty for the 3 objectives EHVI uses
/// and the front sizes of a study.
/// </summary>
public static class Hypervolume
{
    /// <summary>Hypervolume of <paramref name="points"/> (each in minimize form) against <paramref name="reference"/>.</summary>
    public static double Of(IReadOnlyList<double[]> points, IReadOnlyList<double> reference)
    {
        var m = reference.Count;
        if (m < 1) throw new ArgumentException("The reference point needs at least one objective.");
        var inside = new List<double[]>(points.Count);
        foreach (var p in points)
        {
            if (p.Length != m) throw new ArgumentException($"A point has {p.Length} values; the reference has {m}.");
            var strictlyInside = true;
            for (var j = 0; j < m && strictlyInside; j++) strictlyInside = p[j] < reference[j];
            if (strictlyInside) inside.Add(p);
        }
        return Volume(inside, reference.ToArray(), m);
    }

    private static double Volume(List<double[]> points, double[] reference, int dims)
    {
        if (points.Count == 0) return 0;
        if (dims == 1) return reference[0] - points.Min(p => p[0]);
        if (dims == 2)
        {
            // Sweep by the first objective: a point that improves the best second value so far adds the rectangle
            // from it to the reference in the first objective, as tall as the improvement.
            var volume = 0.0;
            var bestSecond = reference[1];
            foreach (var p in points.OrderBy(p => p[0]).ThenBy(p => p[1]))
            {
                if (p[1] >= bestSecond) continue;
                volume += (reference[0] - p[0]) * (bestSecond - p[1]);
                bestSecond = p[1];
            }
            return volume;
        }

        // Slice along the last objective: between consecutive levels the dominated region is the (dims-1)-volume of
        // the points at or below that level.
        var last = dims - 1;
        var levels = points.Select(p => p[last]).Distinct().Order().ToList();
        var total = 0.0;
        for (var s = 0; s < levels.Count; s++)
        {
            var top = s + 1 < levels.Count ? levels[s + 1] : reference[last];
            var slice = points.Where(p => p[last] <= levels[s]).ToList();
            total += (top - levels[s]) * Volume(slice, reference, dims - 1);
        }
        return total;
    }
}

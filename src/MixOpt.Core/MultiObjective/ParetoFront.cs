namespace MixOpt.Core.MultiObjective;

/// <summary>
/// The Pareto front of a set of points in objective space. Every point is first turned into "smaller is better" form
/// (maximized objectives negated), so one dominance rule serves every mix of directions.
/// </summary>
public static class ParetoFront
{
    /// <summary>
    /// True when <paramref name="a"/> dominates <paramref name="b"/> (both already in minimize form): no worse in every
    /// objective and better in at least one. Equal points do not dominate each other.
    /// </summary>
    public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Points have {a.Length} and {b.Length} objectives.");
        var strictly = false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] > b[i]) return false;
            if (a[i] < b[i]) strictly = true;
        }
        return strictly;
    }

    /// <summary>
    /// Indices (ascending) of the points no other point dominates. <paramref name="minimize"/>[j] says the direction of
    /// objective j. Ties (identical points) are all kept: neither dominates the other, and a study reports every run
    /// that reached a front value. O(n² · m), fine for the run counts of a study.
    /// </summary>
    public static IReadOnlyList<int> Indices(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<bool> minimize)
    {
        var oriented = points.Select(p => Oriented(p, minimize)).ToArray();
        var front = new List<int>();
        for (var i = 0; i < oriented.Length; i++)
        {
            var dominated = false;
            for (var j = 0; j < oriented.Length && !dominated; j++)
                dominated = j != i && Dominates(oriented[j], oriented[i]);
            if (!dominated) front.Add(i);
        }
        return front;
    }

    /// <summary>A point in minimize form: maximized objectives negated; throws on a non-finite value or wrong length.</summary>
    public static double[] Oriented(IReadOnlyList<double> point, IReadOnlyList<bool> minimize)
    {
        if (point.Count != minimize.Count) throw new ArgumentException($"A point has {point.Count} values; there are {minimize.Count} objectives.");
        var result = new double[point.Count];
        for (var j = 0; j < result.Length; j++)
        {
            if (!double.IsFinite(point[j])) throw new ArgumentException($"Objective {j} is {point[j]}; front points must be finite.");
            result[j] = minimize[j] ? point[j] : -point[j];
        }
        return result;
    }
}

namespace MixOpt.Core.Surrogates;

/// <summary>Spearman's rank correlation (average ranks for ties) and mean squared error, the two scores surrogates are ranked by.</summary>
public static class RankCorrelation
{
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Spearman needs equal lengths, got {a.Count} and {b.Count}.");
        if (a.Count < 2) return double.NaN;
        var ra = Ranks(a);
        var rb = Ranks(b);
        var ma = ra.Average();
        var mb = rb.Average();
        double num = 0, da = 0, db = 0;
        for (var i = 0; i < ra.Length; i++)
        {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return da > 0 && db > 0 ? num / Math.Sqrt(da * db) : 0;
    }

    public static double MeanSquaredError(IReadOnlyList<double> predicted, IReadOnlyList<double> actual) =>
        predicted.Zip(actual, (p, y) => (p - y) * (p - y)).Average();

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }
}

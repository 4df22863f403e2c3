namespace MixOpt.Training.Corpus.Quality;

/// <summary>
/// Quantile buckets by token count: documents sorted by score (ties by their order in the corpus) are cut into K
/// runs of roughly equal tokens; a document goes to the bucket that holds the midpoint of its tokens, so no bucket
/// is more than one document off its share. Bucket 0 holds the lowest scores.
/// </summary>
public static class QualityBuckets
{
    public static int[] Assign(IReadOnlyList<double> scores, IReadOnlyList<long> tokens, int buckets)
    {
        if (scores.Count != tokens.Count) throw new ArgumentException("One token count per score is needed.", nameof(tokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        var total = (double)tokens.Sum();
        var result = new int[scores.Count];
        var before = 0.0;
        foreach (var i in order)
        {
            var midpoint = before + tokens[i] / 2.0;
            result[i] = total > 0 ? Math.Min(buckets - 1, (int)(buckets * midpoint / total)) : 0;
            before += tokens[i];
        }
        return result;
    }
}

namespace MixOpt.Training.Corpus.Quality;

/// <summary>
/// <c>corpus prepare --quality SCORER --buckets K [--quality-reference DOMAIN]</c>: score every document and write
/// K quantile buckets per domain as sub-domains <c>NAME/q1</c> (lowest scores) … <c>NAME/qK</c> (highest).
/// </summary>
public sealed record QualityOptions(string Scorer, int Buckets, string? Reference = null)
{
    public const int MaxBuckets = 64;

    public static readonly IReadOnlyList<string> Scorers = [CompressionScorer.ScorerName, ByteBigramScorer.ScorerName];

    /// <summary>What is wrong with these options for <paramref name="domains"/>, in one line, or null when they are fine.</summary>
    public string? Problem(IReadOnlyCollection<string> domains)
    {
        if (!Scorers.Contains(Scorer)) return $"unknown quality scorer '{Scorer}'; known: {string.Join(", ", Scorers)}.";
        if (Buckets is < 2 or > MaxBuckets) return $"--buckets must be between 2 and {MaxBuckets}, got {Buckets}.";
        if (Scorer == ByteBigramScorer.ScorerName && (Reference is null || !domains.Contains(Reference)))
            return $"the ngram scorer needs --quality-reference DOMAIN naming one of the domains ({string.Join(", ", domains)}), got '{Reference}'.";
        if (Scorer != ByteBigramScorer.ScorerName && Reference is not null) return $"--quality-reference is for the ngram scorer only.";
        return null;
    }

    /// <summary>The sub-domain name of bucket <paramref name="bucket"/> (1-based) of <paramref name="domain"/>.</summary>
    public static string BucketName(string domain, int bucket) => $"{domain}/q{bucket}";
}

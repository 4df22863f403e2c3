using MixOpt.Training.Corpus;
using MixOpt.Training.Corpus.Quality;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Tests;

public sealed class QualityBucketsTests : IDisposable
{
    private readonly string _text = Path.Combine(Path.GetTempPath(), "mixopt-quality-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_text)) Directory.Delete(_text, recursive: true);
    }

    [Fact]
    public void Buckets_are_token_quantiles_of_the_scores()
    {
        // Scores 0..99 in shuffled order, 10 tokens each: with 4 buckets the 25 lowest scores are bucket 0, and so on.
        var random = new Random(1);
        var scores = Enumerable.Range(0, 100).Select(i => (double)i).OrderBy(_ => random.Next()).ToArray();
        var buckets = QualityBuckets.Assign(scores, Enumerable.Repeat(10L, 100).ToArray(), 4);
        for (var i = 0; i < 100; i++) Assert.Equal((int)scores[i] / 25, buckets[i]);
    }

    [Fact]
    public void Unequal_documents_still_give_roughly_equal_token_buckets()
    {
        var random = new Random(2);
        var tokens = Enumerable.Range(0, 400).Select(_ => (long)random.Next(10, 200)).ToArray();
        var scores = tokens.Select(_ => random.NextDouble()).ToArray();
        var buckets = QualityBuckets.Assign(scores, tokens, 5);
        var perBucket = Enumerable.Range(0, 5).Select(b => tokens.Where((_, i) => buckets[i] == b).Sum()).ToArray();
        var share = tokens.Sum() / 5.0;
        Assert.All(perBucket, t => Assert.InRange(t, share - 200, share + 200)); // at most one document off
        // and every bucket's scores lie above the previous bucket's
        for (var b = 1; b < 5; b++)
            Assert.True(scores.Where((_, i) => buckets[i] == b).Min() >= scores.Where((_, i) => buckets[i] == b - 1).Max());
    }

    [Fact]
    public void Repetitive_text_compresses_better_and_scores_lower()
    {
        var scorer = new CompressionScorer();
        var repetitive = string.Concat(Enumerable.Repeat("click here to subscribe ", 50));
        var varied = string.Join(' ', Enumerable.Range(0, 200).Select(i => ((i * 7919) % 10007).ToString("x")));
        Assert.True(scorer.Score(repetitive) < scorer.Score(varied));
        Assert.Equal(scorer.Score(varied), scorer.Score(varied));
    }

    [Fact]
    public void The_bigram_scorer_prefers_text_like_its_reference()
    {
        var scorer = new ByteBigramScorer(["the cat sat on the mat and the dog sat on the log"]);
        Assert.True(scorer.Score("the dog sat on the mat") > scorer.Score("zqxj vkwp ybfh"));
    }

    private async Task<CorpusSource> WriteDomainAsync(string name, int documents, int seed)
    {
        var folder = Path.Combine(_text, name);
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (var d = 0; d < documents; d++)
        {
            // Each document repeats a phrase a random number of times inside varied text, so compression ratios spread.
            var repeats = random.Next(0, 40);
            var text = string.Concat(Enumerable.Repeat("lorem ipsum ", repeats)) + string.Join(' ', Enumerable.Range(0, 60).Select(_ => random.Next(100000).ToString()));
            await File.WriteAllTextAsync(Path.Combine(folder, $"{d:D3}.txt"), text);
        }
        return new CorpusSource(name, [folder]);
    }

    [Fact]
    public async Task Prepare_writes_k_bucket_subdomains_per_domain_with_token_counts_and_is_deterministic()
    {
        var sources = new[] { await WriteDomainAsync("code", 40, 1), await WriteDomainAsync("web", 30, 2) };
        using var first = new TempShards();
        using var second = new TempShards();
        var options = new QualityOptions(CompressionScorer.ScorerName, 4);
        var a = await new BucketedCorpusPreparer(new ByteTokenizer(), first.Store, options).PrepareAsync(sources);
        var b = await new BucketedCorpusPreparer(new ByteTokenizer(), second.Store, options).PrepareAsync(sources);

        Assert.Equal(["code/q1", "code/q2", "code/q3", "code/q4", "web/q1", "web/q2", "web/q3", "web/q4"], a.Select(m => m.Domain));
        Assert.Equal(a.Select(m => m.Domain), await first.Store.ListDomainsAsync());
        Assert.Equal(a.Select(m => m.Train.Sha256), b.Select(m => m.Train.Sha256));
        foreach (var domain in new[] { "code", "web" })
        {
            var buckets = a.Where(m => m.Quality!.Parent == domain).ToArray();
            var share = buckets.Sum(m => m.TokenCount) / 4.0;
            var largestDocument = 12 * 40 + 60 * 6 + 4;
            Assert.All(buckets, m => Assert.InRange(m.TokenCount, share - largestDocument, share + largestDocument));
            for (var q = 1; q < 4; q++) Assert.True(buckets[q].Quality!.ScoreMin >= buckets[q - 1].Quality!.ScoreMax);
        }
        var shard = await ShardReader.ReadAsync(first.Store, "code/q2");
        Assert.Equal(a[1].Train.Tokens, shard.Train.Length);
    }

    [Fact]
    public async Task A_domain_that_cannot_be_bucketed_writes_nothing_at_all()
    {
        var sources = new[] { await WriteDomainAsync("code", 40, 1), await WriteDomainAsync("tiny", 2, 3) };
        using var temp = new TempShards();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => new BucketedCorpusPreparer(new ByteTokenizer(), temp.Store, new QualityOptions("compression", 4)).PrepareAsync(sources));
        Assert.Contains("'tiny' has 2 documents", e.Message);
        Assert.Empty(await temp.Store.ListDomainsAsync());
    }

    [Fact]
    public void Bad_options_are_one_readable_problem()
    {
        string[] domains = ["code", "web"];
        Assert.Contains("unknown quality scorer 'bert'", new QualityOptions("bert", 4).Problem(domains));
        Assert.Contains("--buckets must be between 2", new QualityOptions("compression", 1).Problem(domains));
        Assert.Contains("--buckets must be between 2", new QualityOptions("compression", 100000).Problem(domains));
        Assert.Contains("--quality-reference", new QualityOptions("ngram", 4, "books").Problem(domains));
        Assert.Null(new QualityOptions("ngram", 4, "web").Problem(domains));
    }
}

using System.Text;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Corpus.Quality;

/// <summary>
/// <c>corpus prepare --quality</c>: reads every domain's documents (files, as <see cref="CorpusPreparer"/> does),
/// scores each, cuts each domain into K quantile buckets of roughly equal tokens and writes each bucket as its own
/// sub-domain <c>NAME/qK</c> with its token counts and <see cref="ShardQuality"/> in the manifest. Every domain is read,
/// scored and checked before the first shard is written, so a domain that cannot be bucketed writes nothing at all.
/// Documents are held in memory while bucketing (corpora for proxy studies are small).
/// </summary>
public sealed class BucketedCorpusPreparer(ITextTokenizer tokenizer, IShardStore store, QualityOptions quality, double validationFraction = 0.1)
{
    private sealed record Document(string Text, IReadOnlyList<int> Tokens);

    public async Task<IReadOnlyList<ShardManifest>> PrepareAsync(IReadOnlyList<CorpusSource> sources, IProgress<CorpusProgress>? progress = null, CancellationToken ct = default)
    {
        if (quality.Problem(sources.Select(s => s.Domain).ToArray()) is { } problem) throw new ArgumentException(problem);
        var documents = new Dictionary<string, List<Document>>(StringComparer.Ordinal);
        foreach (var source in sources) documents[source.Domain] = await ReadAsync(source, progress, ct);

        IQualityScorer scorer = quality.Scorer == ByteBigramScorer.ScorerName
            ? new ByteBigramScorer(documents[quality.Reference!].Select(d => d.Text))
            : new CompressionScorer();
        var plans = new List<(string Domain, List<Document> Docs, double[] Scores, int[] Bucket)>();
        foreach (var source in sources)
        {
            var docs = documents[source.Domain];
            if (docs.Count < quality.Buckets)
                throw new ArgumentException($"Domain '{source.Domain}' has {docs.Count} documents, fewer than the {quality.Buckets} buckets asked for.");
            var scores = docs.Select(d => scorer.Score(d.Text)).ToArray();
            var buckets = QualityBuckets.Assign(scores, docs.Select(d => (long)d.Tokens.Count).ToArray(), quality.Buckets);
            var empty = Enumerable.Range(0, quality.Buckets).FirstOrDefault(b => !buckets.Contains(b), -1);
            if (empty >= 0)
                throw new ArgumentException($"Domain '{source.Domain}': bucket q{empty + 1} would be empty (one document holds most of its tokens); ask for fewer buckets.");
            plans.Add((source.Domain, docs, scores, buckets));
        }

        var manifests = new List<ShardManifest>();
        foreach (var (domain, docs, scores, bucket) in plans)
            for (var b = 0; b < quality.Buckets; b++)
            {
                var members = Enumerable.Range(0, docs.Count).Where(i => bucket[i] == b).ToArray();
                using var writer = new ShardWriter(QualityOptions.BucketName(domain, b + 1), tokenizer, validationFraction)
                {
                    Quality = new ShardQuality
                    {
                        Scorer = scorer.Name, Parent = domain, Bucket = b + 1, Buckets = quality.Buckets,
                        ScoreMin = members.Min(i => scores[i]), ScoreMax = members.Max(i => scores[i]),
                    },
                };
                foreach (var i in members) writer.AddDocument(docs[i].Tokens);
                manifests.Add(await writer.CommitAsync(store, ct));
            }
        return manifests;
    }

    private async Task<List<Document>> ReadAsync(CorpusSource source, IProgress<CorpusProgress>? progress, CancellationToken ct)
    {
        var files = CorpusPreparer.ListFiles(source);
        var total = files.Sum(f => f.Length);
        if (source.MaxBytes is { } cap) total = Math.Min(total, cap);
        var documents = new List<Document>();
        long read = 0, tokens = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            if (read >= total) break;
            var text = await CorpusPreparer.ReadTextAsync(file, ct);
            if (text is null) continue;
            if (Encoding.UTF8.GetByteCount(text) > total - read) text = CorpusPreparer.TrimToBytes(text, total - read);
            read += Encoding.UTF8.GetByteCount(text);
            var encoded = tokenizer.Encode(text);
            if (encoded.Count == 0) continue;
            documents.Add(new Document(text, encoded));
            tokens += encoded.Count;
            progress?.Report(new CorpusProgress(source.Domain, read, total, tokens));
        }
        if (documents.Count == 0) throw new ArgumentException($"Domain '{source.Domain}' has no text in {string.Join(", ", source.Paths)}.");
        progress?.Report(new CorpusProgress(source.Domain, total, total, tokens));
        return documents;
    }
}

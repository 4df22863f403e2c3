using System.Text;

namespace MixOpt.Training.Corpus.Quality;

/// <summary>
/// <c>ngram</c>: how much a document reads like a reference domain. A byte-level bigram model with add-one
/// smoothing, <c>P(b | a) = (count(a, b) + 1) / (count(a) + 256)</c>, is trained on the reference domain's text;
/// a document's score is its mean log-probability per byte (the negative log-perplexity), so text like the reference
/// scores high. 65,536 counts, no download, the same answer on every machine.
/// </summary>
public sealed class ByteBigramScorer : IQualityScorer
{
    public const string ScorerName = "ngram";

    private readonly double[] _logProbability = new double[256 * 256];

    public ByteBigramScorer(IEnumerable<string> reference)
    {
        var pairs = new long[256 * 256];
        var contexts = new long[256];
        foreach (var text in reference)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var i = 1; i < bytes.Length; i++)
            {
                pairs[bytes[i - 1] * 256 + bytes[i]]++;
                contexts[bytes[i - 1]]++;
            }
        }
        for (var a = 0; a < 256; a++)
            for (var b = 0; b < 256; b++)
                _logProbability[a * 256 + b] = Math.Log((pairs[a * 256 + b] + 1.0) / (contexts[a] + 256.0));
    }

    public string Name => ScorerName;

    public double Score(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length < 2) return Math.Log(1.0 / 256);
        var sum = 0.0;
        for (var i = 1; i < bytes.Length; i++) sum += _logProbability[bytes[i - 1] * 256 + bytes[i]];
        return sum / (bytes.Length - 1);
    }
}

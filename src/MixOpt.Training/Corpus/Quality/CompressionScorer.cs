using System.IO.Compression;
using System.Text;

namespace MixOpt.Training.Corpus.Quality;

/// <summary>
/// <c>compression</c>: compressed size over raw size (Deflate, optimal level, System.IO.Compression). Boilerplate,
/// repeated lines and generated tables compress well and score low; varied prose and code score high. It needs
/// no model and no download, and is the usual first filter for repetitive web text.
/// </summary>
public sealed class CompressionScorer : IQualityScorer
{
    public const string ScorerName = "compression";

    public string Name => ScorerName;

    public double Score(string text)
    {
        var raw = Encoding.UTF8.GetBytes(text);
        if (raw.Length == 0) return 0;
        using var packed = new MemoryStream();
        using (var deflate = new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(raw);
        return (double)packed.Length / raw.Length;
    }
}

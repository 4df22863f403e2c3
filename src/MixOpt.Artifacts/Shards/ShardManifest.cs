using System.Text.Json;
using System.Text.Json.Serialization;

namespace MixOpt.Training.Shards;

/// <summary>
/// Describes one domain's token shards. On disk (or in a blob folder) a domain is three files:
/// <c>manifest.json</c> (this record), <c>train.bin</c> and <c>validation.bin</c>. Each .bin file is the
/// domain's token ids back to back, little-endian, <see cref="BytesPerToken"/> bytes each (2 = uint16 when the
/// vocabulary fits, else 4 = uint32); documents are separated by the tokenizer's <see cref="SeparatorToken"/>.
/// Each split carries its token count and the SHA-256 of its file so a reader can refuse a truncated or
/// corrupted shard.
/// </summary>
public sealed record ShardManifest
{
    public const string CurrentFormat = "mixopt-shards/1";
    public const string FileName = "manifest.json";

    public string Format { get; init; } = CurrentFormat;
    public string Domain { get; init; } = "";
    public string Tokenizer { get; init; } = "";
    public int VocabSize { get; init; }
    public int BytesPerToken { get; init; }
    public int SeparatorToken { get; init; }
    public int Documents { get; init; }
    /// <summary>Share of each document's tokens held out for validation (the tail of each document).</summary>
    public double ValidationFraction { get; init; }
    public ShardSplit Train { get; init; } = new();
    public ShardSplit Validation { get; init; } = new();

    /// <summary>For a quality bucket (<c>corpus prepare --quality</c>): how its documents were scored and which bucket it is; else null.</summary>
    public ShardQuality? Quality { get; init; }

    [JsonIgnore]
    public long TokenCount => Train.Tokens + Validation.Tokens;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int BytesFor(int vocabSize) => vocabSize <= 65536 ? 2 : 4;
}

/// <summary>One split of a domain: its file name (beside the manifest), token count and SHA-256 (lowercase hex).</summary>
public sealed record ShardSplit
{
    public string File { get; init; } = "";
    public long Tokens { get; init; }
    public string Sha256 { get; init; } = "";
}

/// <summary>
/// A quality bucket's provenance: the scorer, the bucket (1 = lowest scores) of how many, the domain it was cut
/// from, and the range of document scores it holds.
/// </summary>
public sealed record ShardQuality
{
    public string Scorer { get; init; } = "";
    public string Parent { get; init; } = "";
    public int Bucket { get; init; }
    public int Buckets { get; init; }
    public double ScoreMin { get; init; }
    public double ScoreMax { get; init; }
}

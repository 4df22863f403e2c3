using System.Text.RegularExpressions;
using MixOpt.Core.Text;

namespace MixOpt.Core.Corpora;

/// <summary>What kind of place a <see cref="ShardLocation"/> names.</summary>
public enum ShardLocationKind
{
    /// <summary>A local folder: <c>ROOT/&lt;domain&gt;/manifest.json</c>.</summary>
    Folder,
    /// <summary><c>blob:NAME</c>: corpus NAME in the service's artifact container (<c>corpora/NAME/&lt;domain&gt;/</c>).</summary>
    Corpus,
    /// <summary><c>blob://CONTAINER/PREFIX</c>: any container of the configured Blob Storage, under an optional prefix.</summary>
    Container,
}

/// <summary>
/// Where a corpus's shards live, as text the CLI (<c>mixopt corpus prepare --out</c>) and a re-mix campaign
/// (<c>action.shards</c>) both take: a folder, <c>blob:NAME</c> or <c>blob://CONTAINER[/PREFIX]</c>. Parsing only (no I/O):
/// whether the place exists is found out when it is read.
/// </summary>
public sealed partial record ShardLocation
{
    public const int MaxLength = 1000;
    public const string BlobScheme = "blob:";
    public const string ContainerScheme = "blob://";

    public ShardLocationKind Kind { get; private init; }
    /// <summary>The folder (Folder), the corpus name (Corpus) or the container name (Container).</summary>
    public string Name { get; private init; } = "";
    /// <summary>Container only: "" (the container's root) or segments ending with '/' ("weekly/2026-12/").</summary>
    public string Prefix { get; private init; } = "";

    // Azure's container rule: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}\\z")]
    private static partial Regex ContainerName();

    // The alphabet of domain names (DomainName in the shard store), used for corpus names and prefix segments alike.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z")]
    private static partial Regex Segment();

    // Something that looks like another scheme (s3://, https:, az:) rather than a path; one letter is a Windows drive.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]+:")]
    private static partial Regex Scheme();

    public override string ToString() => Kind switch
    {
        ShardLocationKind.Corpus => BlobScheme + Name,
        ShardLocationKind.Container => ContainerScheme + Name + (Prefix.Length > 0 ? "/" + Prefix : ""),
        _ => Name,
    };

    /// <summary>Parses <paramref name="text"/>, or throws <see cref="FormatException"/> with a message that says what is wrong.</summary>
    public static ShardLocation Parse(string? text) => TryParse(text, out var location, out var problem) ? location : throw new FormatException(problem);

    public static bool TryParse(string? text, out ShardLocation location, out string problem)
    {
        location = new ShardLocation();
        problem = "";
        if (string.IsNullOrWhiteSpace(text)) { problem = "A shard location is required: a folder, blob:NAME or blob://CONTAINER/PREFIX."; return false; }
        if (text.Length > MaxLength || TextRules.FreeTextProblem(text) is not null)
        {
            problem = $"A shard location must be at most {MaxLength} printable characters.";
            return false;
        }
        if (text.StartsWith(ContainerScheme, StringComparison.Ordinal))
        {
            var rest = text[ContainerScheme.Length..];
            var slash = rest.IndexOf('/');
            var container = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "" : rest[(slash + 1)..];
            if (!ContainerName().IsMatch(container))
            {
                problem = $"'{container}' in '{text}' is not a blob container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.";
                return false;
            }
            var segments = prefix.Split('/');
            if (prefix.EndsWith('/')) segments = segments[..^1];
            if (prefix.Length > 0 && segments.Any(s => !Segment().IsMatch(s) || s is "." or ".."))
            {
                problem = $"The prefix '{prefix}' in '{text}' must be folder names of 1-64 letters, digits, '.', '_' or '-' separated by '/'.";
                return false;
            }
            location = new ShardLocation { Kind = ShardLocationKind.Container, Name = container, Prefix = prefix.Length > 0 ? string.Join('/', segments) + "/" : "" };
            return true;
        }
        if (text.StartsWith(BlobScheme, StringComparison.Ordinal))
        {
            var corpus = text[BlobScheme.Length..];
            if (!Segment().IsMatch(corpus))
            {
                problem = $"'{text}' is not blob:NAME (NAME: 1-64 letters, digits, '.', '_' or '-') nor blob://CONTAINER/PREFIX.";
                return false;
            }
            location = new ShardLocation { Kind = ShardLocationKind.Corpus, Name = corpus };
            return true;
        }
        if (Scheme().IsMatch(text))
        {
            problem = $"Unknown shard location '{text}': give a folder, blob:NAME or blob://CONTAINER/PREFIX.";
            return false;
        }
        location = new ShardLocation { Kind = ShardLocationKind.Folder, Name = text };
        return true;
    }
}

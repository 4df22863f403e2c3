using MixOpt.Core.Campaigns;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MixOpt.Grains.Campaigns;

/// <summary>
/// Token counts per domain from the shard manifests <c>mixopt corpus prepare</c> writes (ROOT/&lt;domain&gt;/manifest.json,
/// the train and validation splits' <c>tokens</c>). Read as plain JSON so the web host needs no training assembly.
/// </summary>
public static class CampaignCorpus
{
    public const string ManifestFile = "manifest.json";

    public static IReadOnlyDictionary<string, long> Read(string root)
    {
        if (!Directory.Exists(root)) throw new InvalidOperationException($"The shard folder '{root}' does not exist.");
        var tokens = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(root))
        {
            var path = Path.Combine(dir, ManifestFile);
            if (!File.Exists(path)) continue;
            try
            {
                var manifest = JsonNode.Parse(File.ReadAllText(path))!;
                var domain = (string?)manifest["domain"] ?? Path.GetFileName(dir);
                tokens[domain] = ((long?)manifest["train"]?["tokens"] ?? 0) + ((long?)manifest["validation"]?["tokens"] ?? 0);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new InvalidOperationException($"The manifest {path} is not readable: {e.Message}");
            }
        }
        if (tokens.Count == 0) throw new InvalidOperationException($"The shard folder '{root}' has no domain manifests (ROOT/<domain>/{ManifestFile}).");
        return tokens;
    }
}

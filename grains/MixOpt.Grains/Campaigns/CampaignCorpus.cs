using MixOpt.Artifacts;
using MixOpt.Core.Corpora;
using MixOpt.Core.Studies;
using MixOpt.Core.Text;
using MixOpt.Training.Shards;

namespace MixOpt.Grains.Campaigns;

/// <summary>
/// Token counts per domain from the shard manifests <c>mixopt corpus prepare</c> writes, wherever <c>action.shards</c>
/// says they are: a local folder, <c>blob:NAME</c> (a corpus in the artifact container) or
/// <c>blob://CONTAINER/PREFIX</c> (any container of the configured Blob Storage). Read through the shard stores and
/// <see cref="ShardReader.ReadManifestAsync"/>, the trainer's own reader, so both refuse the same broken manifests.
/// Anything missing, unreadable or hostile is an <see cref="InvalidOperationException"/> with a printable reason, which
/// fails the firing; nothing of such a corpus reaches the ledger.
/// </summary>
public sealed class CampaignCorpus(IArtifactStore artifacts, BlobContainers containers)
{
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(string source, CancellationToken ct = default)
    {
        if (!ShardLocation.TryParse(source, out var location, out var problem)) throw new InvalidOperationException(problem);
        try
        {
            var store = await OpenAsync(location, ct);
            var domains = await store.ListDomainsAsync(ct);
            if (domains.Count == 0)
                throw new InvalidOperationException($"The shards at {store.Location} have no domain manifests (<domain>/{ShardManifest.FileName}).");
            if (domains.Count > StudySpecValidator.MaxDomains)
                throw new InvalidOperationException($"The shards at {store.Location} have {domains.Count} domains; a study takes at most {StudySpecValidator.MaxDomains}.");
            var tokens = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var domain in domains)
            {
                var manifest = await ShardReader.ReadManifestAsync(store, DomainName.Validate(domain), ct);
                if (manifest.Domain != domain)
                    throw new InvalidOperationException($"The manifest of domain '{domain}' at {store.Location} names another domain ('{TextRules.Printable(manifest.Domain)}').");
                if (manifest.TokenCount <= 0)
                    throw new InvalidOperationException($"Domain '{domain}' at {store.Location} has no tokens.");
                tokens[domain] = manifest.TokenCount;
            }
            return tokens;
        }
        catch (Exception e) when (e is not (InvalidOperationException or OperationCanceledException))
        {
            // ShardException, a bad domain name, or the blob service refusing or not answering.
            throw new InvalidOperationException($"The shards at {location} are not readable: {Reason(e)}");
        }
    }

    private async Task<IShardStore> OpenAsync(ShardLocation location, CancellationToken ct)
    {
        switch (location.Kind)
        {
            case ShardLocationKind.Folder:
                if (!Directory.Exists(location.Name)) throw new InvalidOperationException($"The shard folder '{location.Name}' does not exist.");
                return new LocalShardStore(location.Name);
            case ShardLocationKind.Corpus:
                return new BlobShardStore(artifacts, location.Name);
            default:
                var container = containers.Open(location.Name);
                if (!await container.ExistsAsync(ct))
                    throw new InvalidOperationException($"The blob container '{location.Name}' of {location} does not exist.");
                return BlobShardStore.AtPrefix(container, location.Prefix, location.ToString());
        }
    }

    /// <summary>
    /// The first line of what went wrong (the blob client's messages go on with headers), printable and bounded, as
    /// the firing's outcome must be: a hostile manifest's text never reaches the ledger through an error message.
    /// </summary>
    private static string Reason(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } all) e = all.InnerExceptions[^1];
        var line = e.Message.Split('\n', 2)[0].Trim();
        if (e is Azure.RequestFailedException { ErrorCode: { Length: > 0 } code }) line += $" ({code})";
        return new string([.. line.Take(500).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c)]);
    }
}

namespace MixOpt.Training.Shards;

/// <summary>One domain's tokens in memory, checked against its manifest.</summary>
public sealed record DomainShard(ShardManifest Manifest, int[] Train, int[] Validation)
{
    public string Domain => Manifest.Domain;
}

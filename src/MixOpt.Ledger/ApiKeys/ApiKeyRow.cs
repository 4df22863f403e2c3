namespace MixOpt.Ledger.ApiKeys;

/// <summary>An API key as stored (table api_keys): never the key itself, only its SHA-256 hash.</summary>
public sealed class ApiKeyRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string[] Scopes { get; set; } = [];
    public byte[] KeyHash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

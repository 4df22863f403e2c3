using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MixOpt.Ledger.ApiKeys;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Application;

/// <summary>
/// Checks a presented key: the configured bootstrap key, or a ledger key by its public id and hash. Valid keys are
/// cached briefly (per key id, with the hash) so a busy trainer does not cost a ledger read per request; a key
/// revoked through this host is dropped from the cache at once.
/// </summary>
public sealed class ApiKeyValidator(ApiKeyLedger keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string BootstrapKeyId = "bootstrap";
    public const int MinBootstrapKeyLength = 32;

    private readonly ConcurrentDictionary<string, (ApiKeyRow? Row, DateTimeOffset Until)> _cache = new();
    private readonly byte[]? _bootstrapHash = options.Value.BootstrapKey is { Length: > 0 } b ? ApiKeySecret.Hash(b) : null;

    /// <summary>The identity of <paramref name="key"/>, or the reason it is refused.</summary>
    public async Task<(ApiKeyIdentity? Identity, string? Problem)> ValidateAsync(string key, CancellationToken ct = default)
    {
        if (_bootstrapHash is not null && ApiKeySecret.Matches(key, _bootstrapHash))
            return (new ApiKeyIdentity(BootstrapKeyId, "bootstrap", ApiKeyScopes.Expand([ApiKeyScopes.Admin])), null);
        var id = ApiKeySecret.IdOf(key);
        if (id is null) return (null, $"The API key is malformed: MixOpt keys look like {ApiKeySecret.Prefix}<12 hex digits>_<secret>.");
        var row = await FindAsync(id, ct);
        if (row is null || !ApiKeySecret.Matches(key, row.KeyHash)) return (null, "The API key is not valid.");
        if (row.RevokedAt is not null) return (null, $"The API key {id} was revoked at {row.RevokedAt:O}.");
        return (new ApiKeyIdentity(row.Id, row.Name, ApiKeyScopes.Expand(row.Scopes)), null);
    }

    /// <summary>True while the key behind a dashboard session still exists and is not revoked.</summary>
    public async Task<bool> IsActiveAsync(string keyId, CancellationToken ct = default)
    {
        if (keyId == BootstrapKeyId) return _bootstrapHash is not null;
        var row = await FindAsync(keyId, ct);
        return row is not null && row.RevokedAt is null;
    }

    public void Forget(string keyId) => _cache.TryRemove(keyId, out _);

    private async Task<ApiKeyRow?> FindAsync(string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(id, out var hit) && hit.Until > now) return hit.Row;
        var row = await keys.FindAsync(id, ct);
        _cache[id] = (row, now + options.Value.KeyCacheDuration);
        return row;
    }
}

using MixOpt.Ledger.ApiKeys;
using MixOpt.Web.Api;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Application;

/// <summary>
/// API keys as the admin endpoints see them: created (the secret shown once), listed (never a secret) and revoked, the
/// revocation also dropped from this host's cache of checked keys so it takes effect here at once.
/// </summary>
public sealed class ApiKeyAdministration(ApiKeyLedger keys, ApiKeyValidator validator)
{
    /// <summary>Throws <see cref="ArgumentException"/> for a bad name or scope (nothing is written).</summary>
    public async Task<KeyCreatedView> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken ct = default)
    {
        var (row, key) = await keys.CreateAsync(name, scopes, ct);
        return new KeyCreatedView(row.Id, row.Name, row.Scopes, row.CreatedAt, key);
    }

    public async Task<IReadOnlyList<KeyView>> ListAsync(CancellationToken ct = default) =>
        (await keys.ListAsync(ct)).Select(k => new KeyView(k.Id, k.Name, k.Scopes, k.CreatedAt, k.RevokedAt)).ToList();

    /// <summary>False when there is no active key with that id.</summary>
    public async Task<bool> RevokeAsync(string keyId, CancellationToken ct = default)
    {
        if (!await keys.RevokeAsync(keyId, ct)) return false;
        validator.Forget(keyId);
        return true;
    }
}

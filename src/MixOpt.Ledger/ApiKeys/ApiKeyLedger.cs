using Microsoft.EntityFrameworkCore;

namespace MixOpt.Ledger.ApiKeys;

/// <summary>Creates, finds, lists and revokes API keys. The key itself leaves this class once, from <see cref="CreateAsync"/>.</summary>
public sealed class ApiKeyLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>Stores a new key and returns its row and the key (to show once; it cannot be read back).</summary>
    public async Task<(ApiKeyRow Row, string Key)> CreateAsync(string name, IReadOnlyCollection<string> scopes, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
            throw new ArgumentException($"A key needs a name of 1-{MaxNameLength} characters.");
        if (Core.Text.TextRules.NameProblem(name.Trim(), MaxNameLength) is { } problem)
            throw new ArgumentException($"A key's name {problem}.");
        var validScopes = ApiKeyScopes.Validate(scopes);
        var (id, key) = ApiKeySecret.Generate();
        var row = new ApiKeyRow { Id = id, Name = name.Trim(), Scopes = validScopes, KeyHash = ApiKeySecret.Hash(key), CreatedAt = clock.GetUtcNow() };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return (row, key);
    }

    public async Task<ApiKeyRow?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct);
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Revokes a key; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now), ct) == 1;
    }
}

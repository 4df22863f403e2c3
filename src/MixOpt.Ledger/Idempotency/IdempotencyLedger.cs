using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MixOpt.Ledger.Idempotency;

/// <summary>
/// Remembers the first answer given to each (API key, Idempotency-Key) so a retried request gets it again. The
/// action behind it must be safe to repeat on its own (recording a result is: the run's lease decides); this
/// table makes the answer, not the action, idempotent.
/// </summary>
public sealed class IdempotencyLedger(IDbContextFactory<LedgerDbContext> contexts, TimeProvider clock)
{
    public const int MaxKeyLength = 200;

    public async Task<IdempotentRequestRow?> FindAsync(string apiKeyId, string idempotencyKey, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.IdempotentRequests.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.IdempotencyKey == idempotencyKey, ct);
    }

    /// <summary>Stores the answer unless a concurrent request with the same key stored one first; returns the stored one.</summary>
    public async Task<IdempotentRequestRow> SaveAsync(string apiKeyId, string idempotencyKey, Guid studyId, byte[] requestHash, int statusCode, string response, CancellationToken ct = default)
    {
        var row = new IdempotentRequestRow
        {
            ApiKeyId = apiKeyId, IdempotencyKey = idempotencyKey, StudyId = studyId, RequestHash = requestHash,
            StatusCode = statusCode, Response = response, CreatedAt = clock.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.IdempotentRequests.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return row;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return await FindAsync(apiKeyId, idempotencyKey, ct) ?? row;
        }
    }
}

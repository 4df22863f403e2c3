using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MixOpt.Ledger;

namespace MixOpt.Web.Application;

/// <summary>Healthy when the ledger database answers.</summary>
public sealed class LedgerHealthCheck(IDbContextFactory<LedgerDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CanConnectAsync(ct)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The ledger database does not answer.");
    }
}

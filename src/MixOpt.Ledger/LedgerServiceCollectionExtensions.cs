using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MixOpt.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>Registers the ledger on PostgreSQL with a retrying execution strategy (a Postgres restart is survived, not fatal).</summary>
    public static IServiceCollection AddMixOptLedger(this IServiceCollection services, string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("No ledger connection string: set ConnectionStrings:Ledger (env ConnectionStrings__Ledger).");
        services.AddDbContextFactory<LedgerDbContext>(o => o.UseNpgsql(connectionString, npgsql =>
            npgsql.EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: null)));
        // One pool and prepared-statement cache on the ledger for every raw-Npgsql statement of the process; DI owns
        // (and disposes) it.
        services.AddSingleton(_ => LedgerCommands.CreateDataSource(connectionString));
        services.AddSingleton<LedgerCommands>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StudyLedger>();
        services.AddSingleton<Runs.RunLifecycle>();
        services.AddSingleton<Runs.RunMetricsReader>();
        services.AddSingleton<Studies.StudyProgressLedger>();
        services.AddSingleton<Studies.StudyControlLedger>();
        services.AddSingleton<ApiKeys.ApiKeyLedger>();
        services.AddSingleton<Idempotency.IdempotencyLedger>();
        services.AddSingleton<Campaigns.CampaignLedger>();
        services.AddSingleton<Recommendations.RecommendationHistoryLedger>();
        services.AddSingleton<InRun.InRunLedger>();
        return services;
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MixOpt.Web.Application;
using MixOpt.Web.Hosting;

namespace MixOpt.Web.Health;

/// <summary>
/// The health endpoints, reachable without a key (probes have none):
/// <c>/health/live</c> answers while the process serves requests (no dependency is checked: a restart would not fix one);
/// <c>/health/ready</c> checks the ledger's PostgreSQL, the blob storage and the silo's Orleans membership, and lists each;
/// <c>/health</c> is as before (the ledger).
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public static IServiceCollection AddMixOptHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<LedgerHealthCheck>("ledger", tags: [Ready])
            .AddCheck<BlobStorageHealthCheck>("blobs", tags: [Ready])
            .AddCheck<OrleansMembershipHealthCheck>("orleans", tags: [Ready]);
        return services;
    }

    public static WebApplication MapMixOptHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Name == "ledger" }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReportAsync })
            .AllowAnonymous();
        return app;
    }

    /// <summary>{"status": "Healthy", "checks": {"ledger": {"status": ..., "description": ...}, ...}}: which dependency is down.</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

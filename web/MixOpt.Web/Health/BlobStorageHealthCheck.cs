using Microsoft.Extensions.Diagnostics.HealthChecks;
using MixOpt.Artifacts;

namespace MixOpt.Web.Health;

/// <summary>Healthy when the artifact container answers a listing (the storage account is reachable and the container exists).</summary>
public sealed class BlobStorageHealthCheck(IArtifactStore artifacts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            // A prefix no artifact uses: the answer is an empty page, whatever the container holds.
            await artifacts.ListAsync("health-probe/", ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The blob storage does not answer: " + e.GetType().Name + ".");
        }
    }
}

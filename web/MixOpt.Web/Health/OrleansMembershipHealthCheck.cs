using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace MixOpt.Web.Health;

/// <summary>
/// Healthy when this process's silo is an Active member of its cluster: it has joined (ADO.NET membership on the
/// ledger, or the localhost primary), and the cluster has not declared it dead. Before that, grain calls would fail.
/// </summary>
public sealed class OrleansMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is Active; {active} active silo(s).")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status} in the cluster's membership."));
    }
}

using System.Globalization;
using System.Threading.RateLimiting;

namespace MixOpt.Web.Auth;

/// <summary>
/// A token bucket per client address that runs BEFORE authentication and is spent by failed authentications
/// (401s: a missing, malformed, unknown or revoked key, a failed sign-in). The per-key limiter runs after
/// authentication and never saw these, so a client guessing keys was never slowed (1,200 bad keys, 1,200 × 401).
/// An address whose bucket is empty gets 429 for every request until it refills, without its key being looked up.
/// Requests that authenticate spend nothing here, so trainers sharing one address are not limited by it.
/// </summary>
public sealed class FailedAuthenticationLimiter(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FailedAuthBurst,
            TokensPerPeriod = options.FailedAuthPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        // Health probes share addresses with everything else; they must see the service's state, not this limit.
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next();
            return;
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // Zero permits asks "is any left?" without spending one.
        using (var probe = _buckets.AttemptAcquire(address, 0))
        {
            if (!probe.IsAcquired)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(1.0 / options.FailedAuthPerSecond)).ToString(CultureInfo.InvariantCulture);
                await ApiProblemWriter.WriteAsync(context.RequestServices.GetRequiredService<IProblemDetailsService>(), context,
                    StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This address failed authentication more than {options.FailedAuthBurst} times (refilling {options.FailedAuthPerSecond} per second); wait and retry with a valid key.");
                return;
            }
        }
        await next();
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
            _buckets.AttemptAcquire(address, 1).Dispose();
    }

    public void Dispose() => _buckets.Dispose();
}

using System.Collections.Concurrent;
using System.Globalization;

namespace MixOpt.Web.Auth;

/// <summary>
/// A token bucket per client address that runs BEFORE authentication and is spent by failed authentications
/// (401s: a missing, malformed, unknown or revoked key, a failed sign-in). The per-key limiter runs after
/// authentication and never saw these, so a client guessing keys was never slowed (1,200 bad keys, 1,200 × 401).
/// An address whose bucket is empty gets 429 for every request until it refills, without its key being looked up.
/// Requests that authenticate spend nothing here, so trainers sharing one address are not limited by it; health
/// probes are never limited.
/// </summary>
public sealed class FailedAuthenticationLimiter(RateLimitOptions options, TimeProvider clock)
{
    /// <summary>Addresses tracked at most; past it, full (idle) buckets are dropped, which forgets nothing owed.</summary>
    public const int MaxAddresses = 100_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    private sealed class Bucket(double tokens, long at)
    {
        public double Tokens = tokens;
        public long At = at;
    }

    /// <summary>True when <paramref name="address"/> has a failure left to spend (refilled to now).</summary>
    public bool HasAllowance(string address)
    {
        if (!_buckets.TryGetValue(address, out var bucket)) return true;
        lock (bucket) return Refill(bucket) >= 1;
    }

    /// <summary>Spends one failure of <paramref name="address"/>.</summary>
    public void RecordFailure(string address)
    {
        if (_buckets.Count >= MaxAddresses) DropFullBuckets();
        var bucket = _buckets.GetOrAdd(address, _ => new Bucket(options.FailedAuthBurst, clock.GetTimestamp()));
        lock (bucket) bucket.Tokens = Math.Max(0, Refill(bucket) - 1);
    }

    private double Refill(Bucket bucket)
    {
        var now = clock.GetTimestamp();
        bucket.Tokens = Math.Min(options.FailedAuthBurst, bucket.Tokens + clock.GetElapsedTime(bucket.At, now).TotalSeconds * options.FailedAuthPerSecond);
        bucket.At = now;
        return bucket.Tokens;
    }

    private void DropFullBuckets()
    {
        foreach (var (address, bucket) in _buckets)
            lock (bucket)
                if (Refill(bucket) >= options.FailedAuthBurst) _buckets.TryRemove(address, out _);
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next();
            return;
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!HasAllowance(address))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(1.0 / options.FailedAuthPerSecond)).ToString(CultureInfo.InvariantCulture);
            await ApiProblemWriter.WriteAsync(context.RequestServices.GetRequiredService<IProblemDetailsService>(), context,
                StatusCodes.Status429TooManyRequests, "Too many requests",
                $"This address failed authentication more than {options.FailedAuthBurst} times (refilling {options.FailedAuthPerSecond} per second); wait and retry with a valid key.");
            return;
        }
        await next();
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized) RecordFailure(address);
    }
}

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MixOpt.Web.Auth;

public static class RateLimitingExtensions
{
    /// <summary>
    /// One token bucket per API key id (per remote address for anonymous requests); a request over the limit is
    /// answered 429 with problem details and Retry-After, and never reaches the endpoint.
    /// </summary>
    public static WebApplicationBuilder AddMixOptRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (options.PermitsPerSecond < 1 || options.Burst < 1)
            throw new InvalidOperationException("RateLimit:PermitsPerSecond and RateLimit:Burst must be at least 1.");
        if (options.FailedAuthPerSecond < 1 || options.FailedAuthBurst < 1)
            throw new InvalidOperationException("RateLimit:FailedAuthPerSecond and RateLimit:FailedAuthBurst must be at least 1.");
        builder.Services.AddSingleton(services => new FailedAuthenticationLimiter(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var partition = ApiKeyIdentity.KeyIdOf(context.User) is { } keyId ? "key:" + keyId : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblemWriter.WriteAsync(context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(), context.HttpContext,
                    StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This key made more than {options.PermitsPerSecond} requests per second (burst {options.Burst}); slow down and retry.");
            };
        });
        return builder;
    }

    /// <summary>The per-address limit on failed authentication; must come before <c>UseAuthentication</c>.</summary>
    public static IApplicationBuilder UseFailedAuthenticationLimit(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<FailedAuthenticationLimiter>();
        return app.Use((context, next) => limiter.InvokeAsync(context, () => next(context)));
    }
}

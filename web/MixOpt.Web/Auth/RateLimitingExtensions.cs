using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MixOpt.Backend;

namespace MixOpt.Web.Auth;

public static class RateLimitingExtensions
{
    /// <summary>
    /// One token bucket per API key id (per remote address for anonymous requests); a request over the limit is
    /// answered 429 with problem details and Retry-After, and never reaches the endpoint.
    /// </summary>
    public static WebApplicationBuilder AddMixOptRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.Section);
        builder.Services.AddSingleton(services => new FailedAuthenticationLimiter(
            services.GetRequiredService<IOptions<RateLimitOptions>>().Value, services.GetService<TimeProvider>() ?? TimeProvider.System));
        // The middleware's services; the limiter itself is built from the validated settings below.
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, settings) =>
        {
            var options = settings.Value;
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

using Microsoft.AspNetCore.Authorization;
using MixOpt.Backend.Telemetry;
using MixOpt.Web.Auth;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MixOpt.Web.Telemetry;

/// <summary>
/// The web host's part of OpenTelemetry (the rest is the backend's <c>AddMixOptTelemetry</c>): a span per REST request,
/// which grain calls and ledger statements continue, ASP.NET Core's request latency by route
/// (<c>http.server.request.duration</c>, tag <c>http.route</c>), and the Prometheus scrape endpoint.
/// </summary>
public static class WebTelemetryExtensions
{
    /// <summary>Where Prometheus scrapes; it needs an admin key (<c>Authorization: Bearer</c> in the scrape config).</summary>
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddMixOptWebTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        // Request spans only where traces go somewhere (the backend adds the exporter and the grain and ledger spans).
        if (TelemetryExtensions.ExportsOtlp(builder.Configuration))
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation(o =>
                o.Filter = c => !c.Request.Path.StartsWithSegments("/_blazor") && !c.Request.Path.StartsWithSegments(MetricsPath)));
        return builder;
    }

    public static WebApplication MapMixOptMetrics(this WebApplication app)
    {
        // The API key scheme only: a scraper without a key gets 401 (not the dashboard's redirect to the login page).
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(new AuthorizeAttribute(ScopePolicies.Admin) { AuthenticationSchemes = AuthSchemes.ApiKey });
        return app;
    }
}

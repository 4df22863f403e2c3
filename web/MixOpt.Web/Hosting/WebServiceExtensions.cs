using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json.Serialization;
using MixOpt.Grains.Studies;
using MixOpt.Web.Api;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;
using MixOpt.Web.Components;
using MixOpt.Web.Health;
using MixOpt.Web.Telemetry;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace MixOpt.Web.Hosting;

public static class WebServiceExtensions
{
    public static WebApplicationBuilder AddMixOptWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(ApiDocs.Configure);
        builder.AddMixOptAuth();
        builder.AddMixOptRateLimiting();
        // Bodies are read by the endpoints within their own limits (RequestBody); this is the hard ceiling.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBody.ImportLimit);
        builder.Services.TryAddSingleton<MixOpt.Grains.AskTell.AskTellService>();
        builder.Services.AddSingleton<StudyControl>();
        builder.Services.AddSingleton<StudyQueries>();
        builder.Services.AddSingleton<ApiKeyAdministration>();
        builder.Services.AddSingleton<StudyReports>();
        builder.Services.AddSingleton<StudyExports>();
        builder.Services.AddSingleton<CampaignService>();
        // The dashboard's study page, runs table and run page (issue 18).
        builder.Services.AddSingleton<StudyOverview>();
        builder.Services.AddSingleton<StudyCharts>();
        builder.Services.AddSingleton<SharedChartViews>();
        builder.Services.AddSingleton<RunPages>();
        builder.Services.AddSingleton<StudySteering>();
        builder.Services.AddSingleton<StudyCreation>();
        builder.Services.AddSingleton<StudyComparison>();
        builder.Services.AddSingleton<SurrogateFits>();
        builder.Services.AddSingleton<RunTableImport>();
        builder.Services.AddSingleton<StudyFronts>();
        builder.Services.AddSingleton<ExternalInRunRounds>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new FiniteDoubleConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Lets live pages stop reloading while their browser is disconnected (Components/CircuitConnection.cs).
        builder.Services.AddScoped<CircuitConnection>();
        builder.Services.AddScoped<CircuitHandler>(services => services.GetRequiredService<CircuitConnection>());
        builder.Services.AddMudServices();
        builder.Services.AddMixOptHealthChecks();      // /health, /health/live, /health/ready
        builder.AddMixOptWebTelemetry();                // request spans and latency, /metrics
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static WebApplication MapMixOptWeb(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A body cut short or too large surfaces as BadHttpRequestException: the client's fault, not a 500.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages(EmptyStatusProblems.WriteAsync);
        app.UseFailedAuthenticationLimit();     // by client address, before any key is looked up
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        // Everything is protected by the fallback policy unless it says otherwise; these must be reachable signed out.
        app.MapStaticAssets().AllowAnonymous();
        app.MapMixOptHealth();
        app.MapMixOptMetrics();                 // Prometheus, admin scope
        app.MapOpenApi().AllowAnonymous();                       // /openapi/v1.json
        app.MapScalarApiReference("/api/docs").AllowAnonymous(); // browsable reference of the same document
        app.MapLogin();
        app.MapStudiesApi();
        app.MapRunsApi();
        app.MapInRunRoundsApi();                // /api/studies/{id}/runs/{runId}/rounds (in-run reports)
        app.MapReportsApi();
        app.MapImportExportApi();
        app.MapKeysApi();
        app.MapCampaignsApi();
        app.MapClusterApi();                    // /api/workers, /api/runs/{id}/cancel, /orleans
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

using System.Text.Json.Serialization;
using MixOpt.Ledger;
using MixOpt.Web.Api;
using MixOpt.Web.Components;
using MixOpt.Web.Demo;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace MixOpt.Web.Hosting;

public static class WebServiceExtensions
{
    public static WebApplicationBuilder AddMixOptWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHealthChecks().AddCheck<LedgerHealthCheck>("ledger");
        builder.Services.AddHostedService<StartupBanner>();
        if (builder.Configuration.GetValue<bool>("MixOpt:Demo"))
            builder.Services.AddHostedService<DemoStudyService>();
        return builder;
    }

    public static WebApplication MapMixOptWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/health");
        app.MapOpenApi();                       // /openapi/v1.json
        app.MapScalarApiReference("/api/docs"); // browsable reference of the same document
        app.MapStudiesApi();
        app.MapClusterApi();                    // /api/workers, /api/runs/{id}/cancel, /orleans
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

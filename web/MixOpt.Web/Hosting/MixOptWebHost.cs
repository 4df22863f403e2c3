using MixOpt.Silo;

namespace MixOpt.Web.Hosting;

/// <summary>Builds the embedded host: web app (REST + dashboard) and silo in one process. Tests build it the same way.</summary>
public static class MixOptWebHost
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLineSwitches.Expand(args),
            // Pinned so static web assets resolve even when another assembly (a test runner) is the entry point.
            ApplicationName = typeof(MixOptWebHost).Assembly.GetName().Name,
        });
        // Outside Development, an unpublished build (the run command, tests) serves MudBlazor's and Blazor's files
        // only through the static web assets manifest; without it the dashboard renders once and never goes live.
        // A published app has no such manifest and this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        ShippedSettings.AddIfMissing(builder);
        builder.AddMixOptBackend(webHost: true);
        builder.AddMixOptWeb();
        configure?.Invoke(builder);

        var app = builder.Build();
        await app.Services.PrepareStorageAsync(app.Configuration);
        app.MapMixOptWeb();
        return app;
    }
}

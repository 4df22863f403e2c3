using MixOpt.Backend;

namespace MixOpt.Web.Hosting;

/// <summary>
/// Builds the web host: web app (REST + dashboard) and its silo in one process. On its own (this project's Program)
/// the silo has no builtin trainer: it is the web host of a cluster, or a one-process service for simulated and
/// external studies. The embedded host (web/MixOpt.Host) passes <paramref name="configure"/> to add the trainer and
/// the demo. Tests build it the same way.
/// </summary>
public static class MixOptWebHost
{
    /// <param name="applicationName">The project whose static web assets manifests (<c>{name}.staticwebassets.*.json</c>)
    /// the app serves: the one that was built or published as the app (this project's by default, the embedded host's
    /// when it composes this one).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, string? applicationName = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLineSwitches.Expand(args),
            // Pinned so static web assets resolve even when another assembly (a test runner) is the entry point.
            ApplicationName = applicationName ?? typeof(MixOptWebHost).Assembly.GetName().Name,
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

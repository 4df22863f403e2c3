using MixOpt.Embedded.Demo;
using MixOpt.Silo;
using MixOpt.Web.Hosting;

namespace MixOpt.Embedded;

/// <summary>
/// The one-process service: the web host (<see cref="MixOptWebHost"/>) whose silo also trains (the builtin TorchSharp
/// executor), and with <c>--demo</c> (<c>MixOpt:Demo=true</c>) the demo studies. Tests build it the same way.
/// </summary>
public static class EmbeddedHost
{
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        MixOptWebHost.BuildAsync(args, builder =>
        {
            builder.AddMixOptTraining();
            if (builder.Configuration.GetValue<bool>("MixOpt:Demo"))
                builder.Services.AddHostedService<DemoStudyService>();
            if (builder.Configuration.GetValue<bool>("MixOpt:Demo"))
                builder.Services.AddHostedService<DemoCampaignService>();
            configure?.Invoke(builder);
        }, applicationName: typeof(EmbeddedHost).Assembly.GetName().Name);
}

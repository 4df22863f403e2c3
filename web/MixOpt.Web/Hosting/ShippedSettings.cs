using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace MixOpt.Web.Hosting;

/// <summary>
/// The appsettings.json built next to the host's assembly, as the lowest-precedence defaults when the content root
/// (the working directory, e.g. the repository root for <c>dotnet web/.../MixOpt.Web.dll</c>) has none. Without it
/// such a start silently runs on framework defaults: every EF Core command and every request logged to the console
/// at Information, which costs more CPU than the request itself.
/// </summary>
public static class ShippedSettings
{
    public const string FileName = "appsettings.json";

    public static void AddIfMissing(WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var baseDirectory = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(contentRoot, FileName)) || !File.Exists(Path.Combine(baseDirectory, FileName))) return;
        // First in the list: the content root's files, environment variables and the command line all override it.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(baseDirectory), Path = FileName, Optional = true, ReloadOnChange = false,
        });
    }
}

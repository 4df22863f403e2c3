namespace MixOpt.Web.Components.Charts;

/// <summary>
/// The dashboard's own plotly.js (web/plotly-bundle: only the trace types its pages draw), built into wwwroot by
/// infra/local/plotly-bundle.sh and not committed. App.razor names it to wwwroot/js/plotly-loader.js only when the
/// build made it (the asset is in the app's manifest); without it the pages load Plotly.Blazor's full bundle.
/// </summary>
public static class PlotlyBundle
{
    /// <summary>Path under wwwroot (also in MixOpt.Web.csproj and web/plotly-bundle/build.mjs).</summary>
    public const string Path = "lib/plotly/plotly-mixopt.min.js";

    /// <summary>The bundle's URL (fingerprinted), or null when this build has no bundle.</summary>
    public static string? Url(Microsoft.AspNetCore.Components.ResourceAssetCollection assets)
    {
        var url = assets[Path];
        return url == Path ? null : url; // an unknown path comes back as it went in
    }
}

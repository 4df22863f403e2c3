using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using MixOpt.Web.Application;
using MixOpt.Web.Components.Charts;

namespace MixOpt.IntegrationTests;

/// <summary>
/// What keeps a big study's page cheap to open: traces' numbers rounded for the wire, one shared view per study on the
/// host, the plotly.js loader naming the files of the Plotly.Blazor version the build uses, and the small plotly.js
/// bundle pinned to the same plotly.js with every trace type the dashboard draws.
/// </summary>
public sealed class DashboardChartTransportTests
{
    [Fact]
    public void Drawn_numbers_keep_six_significant_digits_at_any_scale()
    {
        Assert.Equal(2.34568, ChartNumbers.Drawn(2.345678901234));
        Assert.Equal(0.000123457, ChartNumbers.Drawn(0.000123456789));
        Assert.Equal(123457, ChartNumbers.Drawn(123456.789));
        Assert.Equal(0, ChartNumbers.Drawn(0));
        Assert.Equal(new[] { 0.333333, 1.0 }, ChartNumbers.Drawn(new[] { 1.0 / 3, 1.0 }).Cast<double>());
    }

    [Fact]
    public void The_shared_views_keep_the_newer_view_of_a_study_and_drop_the_least_recently_opened_beyond_the_bound()
    {
        var views = new SharedChartViews();
        var study = Guid.NewGuid();
        var newer = View(study, finished: 10);
        views.Keep(newer);
        views.Keep(View(study, finished: 9)); // a page that loaded before the last result: not kept over the newer one
        Assert.Same(newer, views.Find(study));

        var others = Enumerable.Range(0, SharedChartViews.MaxStudies - 1).Select(_ => View(Guid.NewGuid(), 1)).ToList();
        foreach (var v in others) views.Keep(v);
        Assert.Same(newer, views.Find(study)); // now the most recently used
        views.Keep(View(Guid.NewGuid(), 1));
        Assert.Null(views.Find(others[0].StudyId));
        Assert.Same(newer, views.Find(study));
    }

    [Fact]
    public void The_plotly_loader_names_the_files_of_the_Plotly_Blazor_version_in_use()
    {
        var root = RepositoryRoot();
        var version = PlotlyBlazorVersion(root);
        // The one loader (plotly-early.js and plot-element.js import it) goes through the library's own loader.
        var script = File.ReadAllText(Path.Combine(root, "web", "MixOpt.Web", "wwwroot", "js", "plotly-loader.js"));
        Assert.Contains($"'_content/Plotly.Blazor/plotly-interop-{version}.js'", script);
        // The library's own loader only recognises its script by the exact URL string it passes itself.
        var plotly = BundledPlotly(script);
        var asset = Path.Combine(AppContext.BaseDirectory, "wwwroot", "_content", "Plotly.Blazor", plotly);
        var package = Path.Combine(NuGetRoot(), "plotly.blazor", version, "staticwebassets", plotly);
        Assert.True(plotly.Length > 0 && (File.Exists(asset) || File.Exists(package)), $"{plotly} is not a file of Plotly.Blazor {version}");
        foreach (var name in new[] { "plotly-early.js", "plot-element.js" })
        {
            var user = File.ReadAllText(Path.Combine(root, "web", "MixOpt.Web", "wwwroot", "js", name));
            Assert.Contains("from './plotly-loader.js'", user);
            Assert.DoesNotContain("_content/Plotly.Blazor/", user); // no second copy of the loader's URLs
        }
    }

    [Fact]
    public void The_small_plotly_bundle_pins_the_bundled_plotly_version_and_registers_every_trace_type_the_dashboard_draws()
    {
        var root = RepositoryRoot();
        var bundle = Path.Combine(root, "web", "plotly-bundle");
        var full = BundledPlotly(File.ReadAllText(Path.Combine(root, "web", "MixOpt.Web", "wwwroot", "js", "plotly-loader.js")));
        var fullVersion = Regex.Match(full, @"plotly-([0-9.]+)\.min\.js").Groups[1].Value;
        // Same plotly.js as the fallback, exactly (no range), in package.json and the lockfile npm ci installs.
        Assert.Matches($"\"plotly\\.js\": \"{Regex.Escape(fullVersion)}\"", File.ReadAllText(Path.Combine(bundle, "package.json")));
        Assert.Matches($"\"node_modules/plotly\\.js\": \\{{\\s*\"version\": \"{Regex.Escape(fullVersion)}\"", File.ReadAllText(Path.Combine(bundle, "package-lock.json")));

        // Every Plotly.Blazor trace type the web app constructs is registered (scatter is in plotly.js's core).
        var entry = File.ReadAllText(Path.Combine(bundle, "entry.js"));
        var used = Directory.EnumerateFiles(Path.Combine(root, "web", "MixOpt.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"new (Scatter|Bar|ScatterTernary|ParCoords|Heatmap|Box|Histogram|Pie|Violin|ScatterGl|Contour)\b").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.Contains("ParCoords", used); // the scan finds what it should
        foreach (var trace in used.Where(t => t != "Scatter"))
            Assert.Contains($"require('plotly.js/lib/{trace.ToLowerInvariant()}')", entry);
    }

    [Fact]
    public void App_names_the_small_plotly_bundle_only_when_the_build_made_it()
    {
        // No such asset (no npm at build time): no URL, so the loader falls back to Plotly.Blazor's full bundle.
        Assert.Null(PlotlyBundle.Url(new ResourceAssetCollection([])));
        var fingerprinted = new ResourceAsset("lib/plotly/plotly-mixopt.min.abc123.js", [new ResourceAssetProperty("label", PlotlyBundle.Path)]);
        Assert.Equal("lib/plotly/plotly-mixopt.min.abc123.js", PlotlyBundle.Url(new ResourceAssetCollection([fingerprinted])));
    }

    private static string PlotlyBlazorVersion(string root) => Regex.Match(File.ReadAllText(Path.Combine(root, "Directory.Packages.props")),
        "Include=\"Plotly.Blazor\" Version=\"([^\"]+)\"").Groups[1].Value;

    private static string BundledPlotly(string loader) => Regex.Match(loader, @"'\./_content/Plotly\.Blazor/(plotly-[0-9.]+\.min\.js)'").Groups[1].Value;

    private static StudyChartsView View(Guid study, int finished) => new(study, ["a", "b"], ["r"], true, "loss", [], [], [], null, null,
        new ChartVersion(finished, DateTimeOffset.UnixEpoch.AddSeconds(finished)));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MixOpt.sln"))) return dir.FullName;
        throw new InvalidOperationException("MixOpt.sln not found above the test's folder");
    }

    private static string NuGetRoot() => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}

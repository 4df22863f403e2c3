using MixOpt.Testing;

namespace MixOpt.ClusterTests;

/// <summary>
/// The web host alone (web/MixOpt.Web, a cluster's slotless host) does not train, so nothing of TorchSharp or libtorch
/// is in what it ships; only the worker silo and the embedded one-process host (web/MixOpt.Embedded) carry them. Read
/// from each build's deps.json, which lists every assembly and native library the app loads and publish copies (it is
/// rewritten by every build, unlike files an older build may have left in bin/). This project builds both the web host
/// and the worker silo (for the process tests), so their outputs are here to read.
/// </summary>
public sealed class WebHostOutputTests
{
    [Fact]
    public void The_web_host_ships_without_TorchSharp_or_libtorch()
    {
        var deps = Deps("web/MixOpt.Web", "MixOpt.Web");
        Assert.Contains("MixOpt.Backend", deps);
        Assert.DoesNotContain("TorchSharp", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libtorch", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("MixOpt.Training", deps);
        Assert.DoesNotContain("MixOpt.Silo", deps);
    }

    [Fact]
    public void The_worker_silo_ships_TorchSharp_and_libtorch()
    {
        // The same reading finds them where they belong, so the test above cannot pass by looking in the wrong place.
        var deps = Deps("grains/MixOpt.Silo", "MixOpt.Silo");
        Assert.Contains("TorchSharp", deps);
        Assert.Contains("libtorch.so", deps);
    }

    private static string Deps(string project, string assembly)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot.Path, project, "bin", configuration, "net10.0", assembly + ".deps.json");
        Assert.True(File.Exists(path), $"{path} is missing; build the solution first.");
        return File.ReadAllText(path);
    }
}

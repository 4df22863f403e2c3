namespace MixOpt.Cli.Bench;

/// <summary>Which BLAS a peer's process had mapped (the peer lists the blas libraries in its /proc/self/maps).</summary>
public enum PeerBlasKind
{
    /// <summary>OpenBLAS, MKL or BLIS: a fair peer.</summary>
    Optimized,

    /// <summary>Netlib's reference libblas.so.3, ten times slower: a peer on it makes any ratio meaningless.</summary>
    Reference,

    /// <summary>No separate BLAS library mapped (one linked into libtorch itself, as pip wheels do).</summary>
    None,
}

/// <summary>
/// Debian's python3-torch calls BLAS through libblas.so.3, which is the reference BLAS unless an optimized one is
/// installed: on a fresh machine the peer ran at 318 tokens/s instead of 4,187 and the printed ratio was 34x, not
/// 2.62x. The install asks for OpenBLAS with the peer, and the bench checks what the peer really loaded.
/// </summary>
public static class PeerBlas
{
    public const string OpenBlasPackage = "libopenblas0-pthread";

    public static PeerBlasKind Classify(string loadedLibraries)
    {
        var paths = loadedLibraries.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => p.Contains('/')).ToList();
        if (paths.Any(p => p.Contains("openblas", StringComparison.OrdinalIgnoreCase) || p.Contains("mkl", StringComparison.OrdinalIgnoreCase)
                           || p.Contains("blis", StringComparison.OrdinalIgnoreCase) || p.Contains("atlas", StringComparison.OrdinalIgnoreCase)))
            return PeerBlasKind.Optimized;
        return paths.Any(p => Path.GetFileName(p).StartsWith("libblas.so", StringComparison.Ordinal)) ? PeerBlasKind.Reference : PeerBlasKind.None;
    }

    /// <summary>True when Debian's OpenBLAS (pthread flavour) is installed for some architecture of this machine.</summary>
    public static bool OpenBlasInstalled() =>
        Directory.Exists("/usr/lib") && Directory.EnumerateDirectories("/usr/lib", "*-linux-gnu")
            .Any(d => File.Exists(Path.Combine(d, "openblas-pthread", "libblas.so.3")));
}

using System.CommandLine;
using System.Globalization;

namespace MixOpt.Cli.Bench;

/// <summary>
/// <c>--peer-threads N</c>: caps the OpenMP/BLAS threads of the Python peers (inherited through the environment).
/// On a shared 2-core machine, scikit-learn's OpenMP spin-waiting under oversubscription made one gradient-boosting
/// fit 40x slower (0.28 s with 1 thread, 11.3 s with the default); the cap makes peer timings reproducible.
/// </summary>
public static class PeerThreads
{
    public static Option<int?> Create() => new("--peer-threads") { Description = "Cap the peers' OpenMP/BLAS threads (default: the libraries' own choice)." };

    public static void Apply(int? threads)
    {
        if (threads is not { } n) return;
        if (n < 1) throw new Commands.CliException($"--peer-threads must be at least 1, got {n}.");
        var value = n.ToString(CultureInfo.InvariantCulture);
        foreach (var name in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" })
            Environment.SetEnvironmentVariable(name, value);
    }
}

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Lets a <see cref="GaussianProcessFitter"/> fit hyperparameters only at the refit points of a
/// <see cref="RefitSchedule"/>: the fit for n rows is the fit of the first Anchor(n) rows (with a seed derived from
/// the anchor), kept for the next calls. Kept fits are matched on the exact data prefix, kernel shape and seed, so
/// a cached answer is always the one a fresh fit would give: the cache saves time, never changes a result.
/// One instance per strategy instance (it is not meant to be shared by unrelated studies); thread-safe.
/// </summary>
public sealed class HyperparameterReuse
{
    private const int Kept = 4;

    private sealed record Entry(string Kernel, int Seed, double[] X, double[] Y, GpHyperparameters Fit);

    private readonly LinkedList<Entry> _entries = new();
    private readonly Lock _gate = new();

    public RefitSchedule Schedule { get; init; } = new();

    /// <summary>Hyperparameter fits computed (cache misses); for tests and benchmark diagnostics.</summary>
    public int Fits { get; private set; }

    internal GpHyperparameters GetOrFit(IGpKernel kernel, double[] x, double[] y, int seed, Func<double[], double[], GpHyperparameters> fit)
    {
        var key = $"{kernel.GetType().FullName}/{kernel.InputWidth}/{kernel.ParameterCount}";
        lock (_gate)
        {
            foreach (var e in _entries)
                if (e.Kernel == key && e.Seed == seed && e.X.AsSpan().SequenceEqual(x) && e.Y.AsSpan().SequenceEqual(y))
                    return e.Fit;
        }
        var result = fit(x, y);
        lock (_gate)
        {
            Fits++;
            _entries.AddFirst(new Entry(key, seed, x, y, result));
            while (_entries.Count > Kept) _entries.RemoveLast();
        }
        return result;
    }
}

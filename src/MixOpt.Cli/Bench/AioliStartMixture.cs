using System.Globalization;
using MixOpt.Cli.Commands;
using MixOpt.Core.Mixtures;

namespace MixOpt.Cli.Bench;

/// <summary>
/// <c>mixopt bench aioli --start</c>: the mixture both arms start from instead of uniform (the paper's "adjusting an
/// existing mixture"), one weight per domain in the corpus's domain order, comma-separated.
/// </summary>
public static class AioliStartMixture
{
    /// <summary>One finite, non-negative weight per domain, not all zero; normalized to sum to 1.</summary>
    public static Mixture Parse(string text, int domains)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != domains) throw new CliException($"--start has {parts.Length} weights; the corpus has {domains} domains.");
        var w = new double[domains];
        for (var i = 0; i < domains; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out w[i]) || !double.IsFinite(w[i]) || w[i] < 0)
                throw new CliException($"--start weight {i + 1} is '{parts[i]}'; weights must be finite and non-negative.");
        if (!(w.Sum() > 0)) throw new CliException("--start weights sum to zero.");
        return Mixture.Normalize(w);
    }
}

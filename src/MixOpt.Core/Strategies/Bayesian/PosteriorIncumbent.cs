using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The incumbent expected improvement is measured against: the best posterior mean among the mixtures already run
/// (the "plug-in" incumbent of noisy EI), not the best observed value. With noise, the best observed value is the
/// luckiest draw (winner's curse): improving on it needs a latent value beyond anything the model believes
/// reachable, so EI then only rewards uncertainty, and bo chases noise. The posterior mean at a run mixture is its
/// noise-filtered value; without noise it equals the observation, so noise-free studies see no change.
/// </summary>
public static class PosteriorIncumbent
{
    /// <summary>The best of the posterior means of <paramref name="process"/> at <paramref name="mixtures"/>, in the objective's direction.</summary>
    public static double Value(GaussianProcess process, PosteriorRecommendation.Encoder encode, IEnumerable<double[]> mixtures, bool minimize)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(mixtures);
        // Means only (no variance solve): at 512 runs this is 512 kernel rows, not 512 triangular solves.
        var rows = mixtures.ToArray();
        var width = process.InputWidth;
        var inputs = new double[rows.Length * width];
        for (var i = 0; i < rows.Length; i++) encode(rows[i], inputs.AsSpan(i * width, width));
        var means = new double[rows.Length];
        process.PredictMeans(inputs, means);
        var best = minimize ? double.PositiveInfinity : double.NegativeInfinity;
        foreach (var mean in means) best = minimize ? Math.Min(best, mean) : Math.Max(best, mean);
        if (!double.IsFinite(best)) throw new ArgumentException("The incumbent needs at least one run mixture.", nameof(mixtures));
        return best;
    }
}

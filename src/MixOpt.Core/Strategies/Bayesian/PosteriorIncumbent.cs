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
        var input = new double[process.InputWidth];
        var best = minimize ? double.PositiveInfinity : double.NegativeInfinity;
        foreach (var w in mixtures)
        {
            encode(w, input);
            var mean = process.Predict(input).Mean;
            best = minimize ? Math.Min(best, mean) : Math.Max(best, mean);
        }
        if (!double.IsFinite(best)) throw new ArgumentException("The incumbent needs at least one run mixture.", nameof(mixtures));
        return best;
    }
}

using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// How far each cheap rung ranks mixtures like the target, measured on the mixtures the study has run at both
/// (<see cref="PairedRungCorrelation"/>). The coregionalized model's trust estimate leans on its prior (ρ ≈ 0.9)
/// until many target runs exist, so on weak or reversed ladders it stayed above mfbo's distrust threshold for the
/// whole budget; this estimate has no prior. Its interval is the wider of a seeded percentile bootstrap (which
/// follows the pairs' actual shape) and the Fisher-z interval with the Bonett–Wright variance for Spearman's ρ,
/// (1 + ρ²/2)/(n − 3) (which keeps a handful of pairs from looking certain: a bootstrap of four pairs sees few
/// distinct resamples).
/// </summary>
public static class PairedRungEvidence
{
    /// <summary>Fewest pairs with an interval; below it the estimate is [−1, 1].</summary>
    public const int MinimumPairs = 4;

    /// <summary>Bootstrap resamples per estimate.</summary>
    public const int Resamples = 400;

    /// <summary>The paired rank correlation of <paramref name="cheap"/> and <paramref name="target"/> (same mixture at each index).</summary>
    public static PairedRungCorrelation Estimate(int rung, IReadOnlyList<double> cheap, IReadOnlyList<double> target, int seed)
    {
        ArgumentNullException.ThrowIfNull(cheap);
        ArgumentNullException.ThrowIfNull(target);
        if (cheap.Count != target.Count) throw new ArgumentException($"Paired values need equal lengths, got {cheap.Count} and {target.Count}.");
        var n = cheap.Count;
        if (n < 2) return new PairedRungCorrelation(rung, n, double.NaN, -1, 1);
        var rho = RankCorrelation.Spearman(cheap, target);
        if (n < MinimumPairs) return new PairedRungCorrelation(rung, n, rho, -1, 1);

        // Fisher z with the Bonett–Wright variance for Spearman's ρ.
        var z = Math.Atanh(Math.Clamp(rho, -0.999, 0.999));
        var se = Math.Sqrt((1 + rho * rho / 2) / (n - 3));
        var lower = Math.Tanh(z - 1.96 * se);
        var upper = Math.Tanh(z + 1.96 * se);

        // Percentile bootstrap; a resample with fewer than three distinct pairs has no rank order to speak of and is drawn again.
        var random = new Random(seed);
        var draws = new List<double>(Resamples);
        var a = new double[n];
        var b = new double[n];
        var picks = new int[n];
        for (var attempt = 0; draws.Count < Resamples && attempt < 4 * Resamples; attempt++)
        {
            for (var i = 0; i < n; i++) picks[i] = random.Next(n);
            if (picks.Distinct().Count() < 3) continue;
            for (var i = 0; i < n; i++) { a[i] = cheap[picks[i]]; b[i] = target[picks[i]]; }
            draws.Add(RankCorrelation.Spearman(a, b));
        }
        if (draws.Count > 0)
        {
            draws.Sort();
            lower = Math.Min(lower, draws[(int)Math.Floor(0.025 * (draws.Count - 1))]);
            upper = Math.Max(upper, draws[(int)Math.Ceiling(0.975 * (draws.Count - 1))]);
        }
        return new PairedRungCorrelation(rung, n, rho, lower, upper);
    }

    /// <summary>
    /// Each cheap rung's paired correlation with the target on <paramref name="context"/>'s runs (the rung of a run is
    /// the nearest on the ladder; replicates of a mixture at a rung are averaged). Cheapest rung first; the target is not listed.
    /// </summary>
    public static IReadOnlyList<PairedRungCorrelation> Of(ProposalContext context, int seed)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ladder = context.Fidelities;
        int RungOf(double fidelity)
        {
            var best = 0;
            for (var i = 1; i < ladder.Count; i++) if (Math.Abs(ladder[i].Value - fidelity) < Math.Abs(ladder[best].Value - fidelity)) best = i;
            return best;
        }

        var top = ladder.Count - 1;
        var byRung = context.Observations.GroupBy(o => RungOf(o.Fidelity)).ToDictionary(g => g.Key, g => g.ToArray());
        var targetRuns = byRung.GetValueOrDefault(top) ?? [];
        // Replicates averaged: one value per distinct target mixture.
        var targets = new List<(Mixtures.Mixture Mixture, double Value)>();
        foreach (var group in Distinct(targetRuns)) targets.Add(group);
        var result = new List<PairedRungCorrelation>(top);
        for (var rung = 0; rung < top; rung++)
        {
            var cheapRuns = byRung.GetValueOrDefault(rung) ?? [];
            var cheap = new List<double>();
            var paired = new List<double>();
            foreach (var (mixture, value) in targets)
            {
                var same = cheapRuns.Where(o => o.Mixture.Equals(mixture)).ToArray();
                if (same.Length == 0) continue;
                cheap.Add(same.Average(o => o.Value));
                paired.Add(value);
            }
            result.Add(Estimate(rung, cheap, paired, Randomness.SeedMixer.Mix(seed, rung)));
        }
        return result;
    }

    private static IEnumerable<(Mixtures.Mixture Mixture, double Value)> Distinct(IReadOnlyList<Observation> runs)
    {
        var seen = new List<Mixtures.Mixture>();
        foreach (var run in runs)
        {
            if (seen.Any(m => m.Equals(run.Mixture))) continue;
            seen.Add(run.Mixture);
            yield return (run.Mixture, runs.Where(o => o.Mixture.Equals(run.Mixture)).Average(o => o.Value));
        }
    }
}

using MathNet.Numerics.Distributions;

namespace MixOpt.Core.Mixtures;

/// <summary>
/// One Dirichlet draw placed inside a study's constraints. Minimums are met by construction (the draw shares
/// out only what the minimums leave free); upper bounds (maximums, epoch caps) are met by rejection, and when a
/// draw keeps breaking them it is projected onto the feasible set instead, so sampling never hangs.
/// </summary>
public static class ConstrainedDirichlet
{
    /// <summary>Rejected draws allowed before falling back to projection.</summary>
    public const int MaxRejections = 64;

    /// <summary>
    /// Writes one feasible mixture into <paramref name="row"/>. Shares below <paramref name="zeroBelow"/> are zeroed
    /// before renormalizing (RegMix: a run should not spend a handful of tokens on a domain).
    /// Returns false when it had to fall back to projection.
    /// </summary>
    public static bool Draw(Random random, ReadOnlySpan<double> alpha, MixtureConstraints constraints, Span<double> row, double zeroBelow = 0)
    {
        var n = alpha.Length;
        var free = 1.0;
        for (var i = 0; i < n; i++) free -= constraints.Lower[i];
        for (var attempt = 0; ; attempt++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                row[i] = Gamma.Sample(random, alpha[i], 1.0);
                sum += row[i];
            }
            if (!(sum > 0) || !double.IsFinite(sum))
            {
                // Every gamma underflowed (tiny alphas): fall back to one domain chosen in proportion to alpha.
                row.Clear();
                row[PickProportional(random, alpha)] = 1.0;
                sum = 1.0;
            }
            var kept = 0.0;
            for (var i = 0; i < n; i++)
            {
                row[i] /= sum;
                if (row[i] < zeroBelow) row[i] = 0;
                kept += row[i];
            }
            for (var i = 0; i < n; i++) row[i] = constraints.Lower[i] + free * row[i] / kept;
            if (constraints.IsSatisfiedBy(row)) return true;
            if (attempt >= MaxRejections)
            {
                constraints.Project(row);
                return false;
            }
        }
    }

    private static int PickProportional(Random random, ReadOnlySpan<double> alpha)
    {
        var total = 0.0;
        foreach (var a in alpha) total += a;
        var u = random.NextDouble() * total;
        for (var i = 0; i < alpha.Length; i++)
        {
            u -= alpha[i];
            if (u <= 0) return i;
        }
        return alpha.Length - 1;
    }
}

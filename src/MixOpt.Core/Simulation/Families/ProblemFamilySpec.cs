using System.Globalization;

namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// What a generated problem family looks like: how many domains, how many rungs in its proxy ladder and how well
/// the cheapest rung's ranking of mixtures agrees with the target's (Spearman; negative = a rank reversal; rungs in
/// between interpolate towards the target's 1), how loud the noise is relative to the effect between good and bad
/// mixtures, and whether the reported metric is minimized (a loss) or maximized (a score).
/// </summary>
public sealed record ProblemFamilySpec
{
    public int Domains { get; init; } = 17;

    /// <summary>Rungs of the ladder including the target (1 = target only).</summary>
    public int Rungs { get; init; } = 2;

    /// <summary>Spearman rank correlation of the cheapest rung with the target over sparse Dirichlet mixtures.</summary>
    public double CheapRankCorrelation { get; init; } = 0.99;

    /// <summary>Noise standard deviation as a fraction of the effect (90th minus 10th percentile of the target).</summary>
    public double NoiseToEffect { get; init; }

    public bool Minimize { get; init; } = true;

    /// <summary>Cost (and fidelity) of the cheapest rung relative to the target's 1; rungs between are geometric.</summary>
    public double CheapestCost { get; init; } = 0.05;

    /// <summary>Evaluation tasks whose mean loss is the target.</summary>
    public int Tasks { get; init; } = 8;

    /// <summary>A name that says all of the above, e.g. <c>d17-r3-rho0.6-noise0.3-max</c> (rank reversal: <c>rev</c>).</summary>
    public string Name
    {
        get
        {
            var rho = Rungs < 2 ? "" : CheapRankCorrelation < 0 ? "-rev" : "-rho" + Fmt(CheapRankCorrelation);
            return $"d{Domains}-r{Rungs}{rho}-noise{Fmt(NoiseToEffect)}-{(Minimize ? "min" : "max")}";
        }
    }

    /// <summary>Throws naming the first parameter out of range.</summary>
    public void Validate()
    {
        if (Domains < 2) throw new ArgumentException($"A family needs at least 2 domains, got {Domains}.");
        if (Rungs is < 1 or > 8) throw new ArgumentException($"A family has 1 to 8 rungs, got {Rungs}.");
        if (!(CheapRankCorrelation is >= -1 and <= 1)) throw new ArgumentException($"The cheap rung's rank correlation must lie in [-1, 1], got {CheapRankCorrelation}.");
        if (!(NoiseToEffect >= 0) || !double.IsFinite(NoiseToEffect)) throw new ArgumentException($"Noise must be a finite fraction >= 0 of the effect, got {NoiseToEffect}.");
        if (!(CheapestCost is > 0 and < 1)) throw new ArgumentException($"The cheapest rung's cost must lie in (0, 1), got {CheapestCost}.");
        if (Tasks < 1) throw new ArgumentException($"A family needs at least 1 task, got {Tasks}.");
    }

    private static string Fmt(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}

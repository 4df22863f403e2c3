namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// The problem families the engine is developed against (issue 15): every level of each axis appears at least
/// once — domains 5 / 17 / 64 / 128; ladders of 2–5 rungs with cheap-rung rank correlation 0.99 / 0.9 / 0.6 / 0.3
/// and a reversal; noise from none to the size of the good-vs-bad effect; minimize and maximize — without the full
/// factorial, which would cost hours per run.
/// </summary>
public static class ProblemSuite
{
    private static ProblemFamilySpec F(int domains, int rungs, double rho, double noise, bool minimize) => new()
    {
        Domains = domains, Rungs = rungs, CheapRankCorrelation = rho, NoiseToEffect = noise, Minimize = minimize,
    };

    /// <summary>The full suite (run outside CI).</summary>
    public static IReadOnlyList<ProblemFamilySpec> Standard { get; } =
    [
        F(5, 4, 0.99, 0.0, true),
        F(5, 5, 0.6, 1.0, true),
        F(17, 2, 0.99, 0.1, true),
        F(17, 3, 0.9, 0.1, false),
        F(17, 3, 0.6, 0.3, false),
        F(17, 2, 0.3, 0.1, true),
        F(17, 3, -0.6, 0.1, false),
        F(17, 2, 0.9, 1.0, false),
        F(64, 2, 0.9, 0.1, true),
        F(64, 3, 0.6, 0.3, false),
        F(128, 2, 0.9, 0.1, true),
        F(128, 4, 0.3, 0.0, false),
    ];

    /// <summary>A short suite for CI: a low- and a high-dimensional family, one of them weak transfer and maximized.</summary>
    public static IReadOnlyList<ProblemFamilySpec> Short { get; } =
    [
        F(5, 2, 0.9, 0.1, true),
        F(17, 3, 0.3, 0.3, false),
    ];
}

namespace MixOpt.Grains.Studies;

/// <summary>
/// When a running study records its recommendation in the history the dashboard draws (sql/ledger/0007): after every
/// <see cref="Step"/> results up to <see cref="LinearUntil"/>, then each time the count grew by another eighth. A fit
/// (the strategy's recommendation and its cross-validation table) costs up to seconds, so the history of a
/// 10,000-run study is about 55 rows, not 10,000 fits, while a short study still gets a point every few runs.
/// </summary>
public static class RecommendationCheckpoints
{
    public const int Step = 5;
    public const int LinearUntil = 40;
    private const double Growth = 1.125;

    /// <summary>The index of the last checkpoint at or below <paramref name="observations"/> (0 below the first).</summary>
    public static int Bucket(int observations) => observations <= LinearUntil
        ? Math.Max(0, observations) / Step
        : LinearUntil / Step + (int)Math.Floor(Math.Log(observations / (double)LinearUntil) / Math.Log(Growth) + 1e-9);

    /// <summary>Whether a study with <paramref name="observations"/> results has passed a checkpoint since <paramref name="recorded"/>.</summary>
    public static bool IsDue(int recorded, int observations) => Bucket(observations) > Bucket(recorded);
}

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// When a strategy that refits its GP after every observation re-optimizes the hyperparameters. Up to
/// <see cref="EveryStepUntil"/> observations every count is a refit point; after that the gap between refit points
/// grows with the data (one refit per 1/<see cref="Growth"/> more rows), because the marginal likelihood's optimum
/// barely moves when a few rows join hundreds. Between refit points the posterior still conditions on every row,
/// with the hyperparameters of the last refit point. The schedule depends only on the row count, so a strategy
/// gives the same answer whether or not it kept the earlier fit around.
/// </summary>
public sealed class RefitSchedule
{
    /// <summary>Refit at every row count up to this one.</summary>
    public int EveryStepUntil { get; init; } = 32;

    /// <summary>Beyond <see cref="EveryStepUntil"/>, the next refit point is ⌈s / Growth⌉ rows after refit point s.</summary>
    public int Growth { get; init; } = 8;

    /// <summary>The largest refit point ≤ <paramref name="rows"/>: the data prefix whose fit serves <paramref name="rows"/> rows.</summary>
    public int Anchor(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rows <= EveryStepUntil) return rows;
        var point = EveryStepUntil;
        while (true)
        {
            var next = point + Math.Max(1, (point + Growth - 1) / Growth);
            if (next > rows) return point;
            point = next;
        }
    }
}

namespace MixOpt.Core.Studies;

/// <summary>
/// Names a rung of a study's proxy ladder: <c>target</c> (the largest value), <c>cheapest</c> (the smallest) or a
/// rung's own name. It lives with the study's vocabulary so the spec validator and the strategies that take a rung
/// option (<c>bo</c>'s <see cref="StrategyOptions.Fidelity"/>) read names the same way without Studies depending on
/// Strategies.
/// </summary>
public static class FidelityLadder
{
    public const string Target = "target";
    public const string Cheapest = "cheapest";

    /// <summary>The rung <paramref name="choice"/> names in <paramref name="ladder"/> (null: the target), or null when it names none.</summary>
    public static FidelitySpec? Find(IReadOnlyList<FidelitySpec> ladder, string? choice)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        if (ladder.Count == 0) return null;
        var ordered = ladder.Where(f => f is not null).OrderBy(f => f.Value).ToArray();
        if (ordered.Length == 0) return null;
        if (choice is null || string.Equals(choice, Target, StringComparison.OrdinalIgnoreCase)) return ordered[^1];
        if (string.Equals(choice, Cheapest, StringComparison.OrdinalIgnoreCase)) return ordered[0];
        return ordered.FirstOrDefault(f => string.Equals(f.Name, choice, StringComparison.Ordinal));
    }
}

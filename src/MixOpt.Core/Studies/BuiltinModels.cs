namespace MixOpt.Core.Studies;

/// <summary>
/// The proxy shapes the built-in trainer has (MixOpt.Training's ModelLadder, whose test keeps the two lists equal):
/// a rung's <see cref="FidelitySpec.Model"/> must name one, so a typo is refused at submit and not by a worker later.
/// </summary>
public static class BuiltinModels
{
    public static readonly IReadOnlyList<string> Names = ["tiny", "1M", "60M"];

    public static bool IsKnown(string name) => Names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}

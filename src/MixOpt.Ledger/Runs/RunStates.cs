using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Runs;

/// <summary>
/// The run states as the ledger's SQL spells them, derived from <see cref="RunStateExtensions.IsPending"/> so the SQL
/// and the C# view of "not finished yet" can never disagree.
/// </summary>
public static class RunStates
{
    /// <summary>A SQL list of every pending state, e.g. <c>('Queued', 'Leased', 'Running')</c>.</summary>
    public static readonly string PendingSql = List(s => s.IsPending());

    /// <summary>The pending states an attempt holds (leased to someone): every pending state but <see cref="RunState.Queued"/>.</summary>
    public static readonly string HeldSql = List(s => s.IsPending() && s != RunState.Queued);

    private static string List(Func<RunState, bool> include) =>
        "(" + string.Join(", ", Enum.GetValues<RunState>().Where(include).Select(s => $"'{s}'")) + ")";
}

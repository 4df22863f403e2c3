using MixOpt.Ledger.ApiKeys;

namespace MixOpt.Web.Application;

/// <summary>
/// What an API key may do, as authorization names it: <c>admin</c> (manage keys) includes <c>write</c> (submit and
/// change studies, lease runs, report results), which includes <c>read</c>. The ledger stores and checks the same names.
/// </summary>
public static class KeyScopes
{
    public const string Read = ApiKeyScopes.Read;
    public const string Write = ApiKeyScopes.Write;
    public const string Admin = ApiKeyScopes.Admin;

    /// <summary>Every scope <paramref name="granted"/> implies (admin → write → read).</summary>
    public static IReadOnlySet<string> Expand(IEnumerable<string> granted) => ApiKeyScopes.Expand(granted);
}

using MixOpt.Ledger.ApiKeys;

namespace MixOpt.Web.Auth;

/// <summary>Authorization policy names, one per scope: endpoints say <c>.RequireAuthorization(ScopePolicies.Write)</c>.</summary>
public static class ScopePolicies
{
    public const string Read = "scope:" + ApiKeyScopes.Read;
    public const string Write = "scope:" + ApiKeyScopes.Write;
    public const string Admin = "scope:" + ApiKeyScopes.Admin;
}

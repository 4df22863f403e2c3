using MixOpt.Web.Application;

namespace MixOpt.Web.Auth;

/// <summary>Authorization policy names, one per scope: endpoints say <c>.RequireAuthorization(ScopePolicies.Write)</c>.</summary>
public static class ScopePolicies
{
    public const string Read = "scope:" + KeyScopes.Read;
    public const string Write = "scope:" + KeyScopes.Write;
    public const string Admin = "scope:" + KeyScopes.Admin;
}

using System.Security.Claims;

namespace MixOpt.Web.Auth;

/// <summary>Who a valid API key speaks for: its public id, name and (expanded) scopes, and how they travel as claims.</summary>
public sealed record ApiKeyIdentity(string KeyId, string Name, IReadOnlySet<string> Scopes)
{
    public const string KeyIdClaim = "mixopt:key_id";
    public const string ScopeClaim = "scope";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(KeyIdClaim, KeyId), new(ClaimTypes.Name, Name) };
        claims.AddRange(Scopes.Select(s => new Claim(ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The key id of an authenticated caller (null when anonymous).</summary>
    public static string? KeyIdOf(ClaimsPrincipal user) => user.FindFirst(KeyIdClaim)?.Value;
}

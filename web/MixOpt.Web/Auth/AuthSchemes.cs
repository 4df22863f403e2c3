namespace MixOpt.Web.Auth;

public static class AuthSchemes
{
    /// <summary>The default scheme: forwards to <see cref="ApiKey"/> when a request carries a key, else to <see cref="Cookie"/>.</summary>
    public const string Selector = "MixOpt";
    public const string ApiKey = "ApiKey";
    public const string Cookie = "Cookie";
}

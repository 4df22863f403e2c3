namespace MixOpt.Web.Auth;

/// <summary>
/// Where the sign-in form may send a person afterwards: a path on this site, or "/". Anything a browser could read
/// as another site is refused here rather than handed to <c>LocalRedirect</c>, which throws on it (a 500):
/// "//host" and "/\host" (browsers treat the backslash as a slash), and control characters such as a TAB, which
/// browsers strip so that "/&lt;TAB&gt;/host" becomes "//host".
/// </summary>
public static class ReturnUrls
{
    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/') return "/";
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\') return "/";
        if (returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')) return "/";
        return returnUrl.Length > 2048 ? "/" : returnUrl;
    }
}
